/* The evaluators the kinds' descriptors name (core/src/engine/eval_*.c), and what each reads of
 * an activity's children so the snapshot loads only that. */
#ifndef QUFA_EVALUATORS_H
#define QUFA_EVALUATORS_H

struct qf_eval;
struct qf_req;
struct snap_need;

int qf__eval_cadence(struct qf_eval *e);
int qf__eval_artifact(struct qf_eval *e);
int qf__eval_attendance(struct qf_eval *e);
int qf__eval_agenda(struct qf_eval *e);
int qf__eval_guest(struct qf_eval *e);
int qf__eval_position(struct qf_eval *e);
int qf__eval_term(struct qf_eval *e);
int qf__eval_members(struct qf_eval *e);
int qf__eval_hours(struct qf_eval *e);
int qf__eval_check(struct qf_eval *e);
int qf__eval_deadline(struct qf_eval *e);

void qf__needs_artifacts(const struct qf_req *r, struct snap_need *need);
void qf__needs_attendance(const struct qf_req *r, struct snap_need *need);
void qf__needs_agenda(const struct qf_req *r, struct snap_need *need);
void qf__needs_guests(const struct qf_req *r, struct snap_need *need);

#endif
