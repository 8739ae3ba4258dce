/* The transition graph of a procedure: every step reachable, every step able to finish, and
 * no loop unless it is declared. A loop that is not marked is almost always a typo in a `next`
 * (and would let a case circle forever), so going back must be said with `again = true`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flow_internal.h"

typedef struct graph {
    size_t n;
    json_t *steps;
    int color[QF_PROC_MAX_STEPS]; /* DFS: 0 new, 1 on the path, 2 done */
    int path[QF_PROC_MAX_STEPS + 1];
    size_t depth;
} graph;

static const char *code_of(const graph *g, size_t i)
{
    return json_string_value(json_object_get(json_array_get(g->steps, i), "code"));
}

static int index_of(const graph *g, const char *code)
{
    for (size_t i = 0; i < g->n; i++)
        if (strcmp(code_of(g, i), code) == 0)
            return (int)i;
    return -1;
}

/* Marks in `seen` every step reachable from `from` in one or more transitions. */
static void reach(const graph *g, size_t from, bool *seen)
{
    size_t stack[QF_PROC_MAX_STEPS + 1]; /* each step is pushed once at most, `from` twice */
    size_t top = 0;
    stack[top++] = from;
    while (top) {
        size_t i = stack[--top];
        size_t k;
        json_t *t;
        json_array_foreach(json_object_get(json_array_get(g->steps, i), "next"), k, t)
        {
            int j = index_of(g, json_string_value(json_object_get(t, "to")));
            if (j >= 0 && !seen[j]) {
                seen[j] = true;
                stack[top++] = (size_t)j;
            }
        }
    }
}

bool qf__proc_reaches(json_t *def, size_t from, size_t to)
{
    graph g = {.steps = json_object_get(def, "steps")};
    g.n = json_array_size(g.steps);
    bool seen[QF_PROC_MAX_STEPS] = {false};
    if (from >= g.n || to >= g.n)
        return false;
    reach(&g, from, seen);
    return seen[to];
}

/* Depth-first search over transitions not marked `again`; a step met again on the current
 * path closes a cycle, reported with the path. */
static int dfs(graph *g, size_t i, const char *code)
{
    g->color[i] = 1;
    g->path[g->depth++] = (int)i;
    size_t k;
    json_t *t;
    json_array_foreach(json_object_get(json_array_get(g->steps, i), "next"), k, t)
    {
        if (json_is_true(json_object_get(t, "again")))
            continue;
        int j = index_of(g, json_string_value(json_object_get(t, "to")));
        if (j < 0)
            continue;
        if (g->color[j] == 1) {
            char path[1200] = "";
            size_t start = 0;
            while (g->path[start] != j)
                start++;
            for (size_t p = start; p < g->depth; p++) {
                size_t len = strlen(path);
                snprintf(path + len, sizeof path - len, "%s → ", code_of(g, (size_t)g->path[p]));
            }
            size_t len = strlen(path);
            snprintf(path + len, sizeof path - len, "%s", code_of(g, (size_t)j));
            return qf__err(QF_EINVALID,
                           _("procedure %s: steps %s form a cycle; if the case may really go "
                             "back, mark the transition %s → %s with again = true"),
                           code, path, code_of(g, i), code_of(g, (size_t)j));
        }
        if (g->color[j] == 0) {
            int rc = dfs(g, (size_t)j, code);
            if (rc)
                return rc;
        }
    }
    g->depth--;
    g->color[i] = 2;
    return QF_OK;
}

int qf__proc_check_graph(json_t *def, const char *code)
{
    graph *g = calloc(1, sizeof *g);
    if (!g)
        return qf__oom();
    g->steps = json_object_get(def, "steps");
    g->n = json_array_size(g->steps);
    int rc = QF_OK;
    bool seen[QF_PROC_MAX_STEPS] = {false};
    seen[0] = true;
    reach(g, 0, seen);
    for (size_t i = 0; i < g->n && rc == QF_OK; i++)
        if (!seen[i])
            rc = qf__err(QF_EINVALID,
                         _("procedure %s: step %s cannot be reached from the first step (%s): no "
                           "transition leads to it"),
                         code, code_of(g, i), code_of(g, 0));
    for (size_t i = 0; i < g->n && rc == QF_OK; i++)
        if (g->color[i] == 0)
            rc = dfs(g, i, code);
    /* every step must be able to reach a step without transitions, where the case ends */
    for (size_t i = 0; i < g->n && rc == QF_OK; i++) {
        bool r[QF_PROC_MAX_STEPS] = {false};
        r[i] = true;
        reach(g, i, r);
        bool ends = false;
        for (size_t j = 0; j < g->n && !ends; j++)
            ends =
                r[j] && json_array_size(json_object_get(json_array_get(g->steps, j), "next")) == 0;
        if (!ends)
            rc = qf__err(QF_EINVALID,
                         _("procedure %s: a case at step %s could never end (no path from it "
                           "reaches a final step)"),
                         code, code_of(g, i));
    }
    free(g);
    return rc;
}
