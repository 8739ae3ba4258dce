---@meta qufa
-- LuaLS definitions of the qufa module (docs/lua-api.md). Keep in step with lua/l_*.c.

---@alias qufa.date string          # "YYYY-MM-DD"
---@alias qufa.datetime string      # "YYYY-MM-DD HH:MM"
---@alias qufa.org_kind "committee"|"general_branch"|"branch"|"group"
---@alias qufa.org_ref qufa.org|integer|string   # a record, an id or a code

---@class qufa
---@field version string
local qufa = {}

---@class qufa.open_options
---@field today? qufa.date
---@field actor? string
---@field create? boolean
---@field readonly? boolean

---Opens a qufa database (":memory:" for a private in-memory one).
---@param path string
---@param options? qufa.open_options
---@return qufa.db
function qufa.open(path, options) end

---Validates a date; returns it in canonical form.
---@param s string
---@return qufa.date
function qufa.date(s) end

---@param s string
---@return qufa.datetime
function qufa.datetime(s) end

---@class qufa.period
---@field kind "day"|"half_month"|"month"|"quarter"|"half_year"|"year"|"range"
---@field code string
---@field start qufa.date
---@field finish qufa.date

---A period from its code ("2017-Q3"), or the period of `kind` containing `date`.
---@param code_or_kind string
---@param date? qufa.date
---@return qufa.period
function qufa.period(code_or_kind, date) end

---@param code string
---@return qufa.period
function qufa.next_period(code) end

---@param code string
---@return qufa.period
function qufa.prev_period(code) end

---Adds a duration ("14d", "-3d", "2w", "1m", "1y"), clamping the day.
---@param date qufa.date
---@param duration string
---@return qufa.date
function qufa.add(date, duration) end

---Days from `a` to `b`.
---@param a qufa.date
---@param b qufa.date
---@return integer
function qufa.days(a, b) end

---1 = Monday … 7 = Sunday.
---@param date qufa.date
---@return integer
function qufa.weekday(date) end

---Translates an English message into the current language.
---@param msgid string
---@return string
function qufa._(msgid) end

---@return "zh"|"en"
function qufa.language() end

---@param lang "zh"|"en"
function qufa.set_language(lang) end

---Collects what an iterator yields into a list.
---@generic T
---@param f fun(...): T
---@param ... any
---@return T[]
function qufa.list(f, ...) end

---Counts what an iterator yields.
---@param f function
---@param ... any
---@return integer
function qufa.count(f, ...) end

---@class qufa.db
local db = {}

---@return string
function db:path() end

---@return integer
function db:schema_version() end

---@return qufa.date
function db:today() end

---@param date qufa.date
function db:set_today(date) end

---@return string
function db:actor() end

---@param name string
function db:set_actor(name) end

---Runs fn in a transaction: committed when it returns, rolled back and re-raised on error.
---@generic R
---@param fn fun(...): R
---@param ... any
---@return R
function db:transaction(fn, ...) end

---@return integer
function db:transaction_depth() end

function db:close() end

---@class qufa.org
---@field id integer
---@field parent_id integer?
---@field kind qufa.org_kind
---@field code string
---@field name string
---@field attrs table
local org = {}

---@class qufa.org_fields
---@field kind? qufa.org_kind
---@field code? string
---@field name? string
---@field parent? qufa.org_ref
---@field parent_id? qufa.org_ref
---@field attrs? table

---@param fields qufa.org_fields
---@return qufa.org
function db:add_org(fields) end

---@param ref qufa.org_ref
---@return qufa.org?
function db:org(ref) end

---@class qufa.org_filter
---@field under? qufa.org_ref
---@field parent? qufa.org_ref
---@field kind? qufa.org_kind

---Orgs in tree order.
---@param filter? qufa.org_filter
---@return fun(): qufa.org?
function db:orgs(filter) end

---@param fields qufa.org_fields
---@return qufa.org
function org:update(fields) end

function org:delete() end

---@return qufa.org?
function org:parent() end

---@param filter? {kind?: qufa.org_kind}
---@return fun(): qufa.org?
function org:children(filter) end

---@alias qufa.member_ref qufa.member|integer|string   # a record, an id or a member code
---@alias qufa.status "applicant"|"activist"|"candidate"|"probationary"|"full"

---@class qufa.member
---@field id integer
---@field code string?
---@field name string
---@field gender ("male"|"female")?
---@field birth_date qufa.date?
---@field joined qufa.date?
---@field phone string?
---@field id_number string?
---@field attrs table
---@field status qufa.status?
---@field since qufa.date?
---@field org_id integer?
---@field group_id integer?
local member = {}

---@class qufa.member_fields
---@field name? string
---@field code? string
---@field gender? "male"|"female"
---@field birth_date? qufa.date
---@field joined? qufa.date
---@field phone? string
---@field id_number? string
---@field attrs? table
---@field status? qufa.status
---@field since? qufa.date
---@field org? qufa.org_ref
---@field group? qufa.org_ref

---@param fields qufa.member_fields
---@return qufa.member
function db:add_member(fields) end

---@param ref qufa.member_ref
---@param options? {on?: qufa.date}
---@return qufa.member?
function db:member(ref, options) end

---@class qufa.member_filter
---@field org? qufa.org_ref
---@field under? qufa.org_ref
---@field on? qufa.date
---@field status? qufa.status|qufa.status[]
---@field flag? string
---@field name? string
---@field voting? boolean

---@param filter? qufa.member_filter
---@return fun(): qufa.member?
function db:members(filter) end

---@param filter? qufa.member_filter
---@return integer
function db:count_members(filter) end

---@param filter? qufa.member_filter
---@return fun(): qufa.member?
function org:members(filter) end

---@param fields qufa.member_fields
---@return qufa.member
function member:update(fields) end

function member:delete() end

---@param status qufa.status
---@param since? qufa.date
---@param note? string
---@return qufa.member
function member:set_status(status, since, note) end

---@param org qufa.org_ref
---@param since? qufa.date
---@return qufa.member
function member:join(org, since) end

---@param org qufa.org_ref
---@param until_date? qufa.date
---@return qufa.member
function member:leave(org, until_date) end

---@param flag string
---@param start? qufa.date
---@param finish? qufa.date
---@return qufa.member
function member:set_flag(flag, start, finish) end

---@param flag string
---@param finish? qufa.date
---@return qufa.member
function member:clear_flag(flag, finish) end

---@param flag string
---@param on? qufa.date
---@return boolean
function member:has_flag(flag, on) end

---@param date qufa.date
---@return qufa.status?
function member:status_on(date) end

---@class qufa.member_event
---@field what "status"|"org"|"flag"
---@field value string
---@field org_id integer?
---@field start qufa.date
---@field finish qufa.date?
---@field note string?

---@return fun(): qufa.member_event?
function member:history() end

---@class qufa.position
---@field id integer
---@field member_id integer
---@field org_id integer
---@field post string
---@field start qufa.date
---@field end_date qufa.date?
---@field note string?
local position = {}

---@class qufa.position_fields
---@field member? qufa.member_ref
---@field org? qufa.org_ref
---@field post? string
---@field start? qufa.date
---@field finish? qufa.date
---@field note? string

---@param fields qufa.position_fields
---@return qufa.position
function db:appoint(fields) end

---@param id integer
---@return qufa.position?
function db:position(id) end

---@param filter? {org?: qufa.org_ref, member?: qufa.member_ref, post?: string, on?: qufa.date}
---@return fun(): qufa.position?
function db:positions(filter) end

---@param org qufa.org_ref
---@param post string
---@param on? qufa.date
---@return qufa.member?
function db:holder(org, post, on) end

---@param date? qufa.date
---@return qufa.position
function position:finish(date) end

---@param fields qufa.position_fields
---@return qufa.position
function position:update(fields) end

function position:delete() end

---@return qufa.member?
function position:member() end

---@class qufa.transfer
---@field id integer
---@field member_id integer
---@field org_id integer
---@field direction "in"|"out"
---@field letter_date qufa.date
---@field other_org string?
---@field letter_no string?
---@field valid_days integer
---@field receipt_date qufa.date?
---@field status "pending"|"completed"|"cancelled"
---@field note string?
local transfer = {}

---@class qufa.transfer_fields
---@field member? qufa.member_ref
---@field org? qufa.org_ref
---@field direction? "in"|"out"
---@field letter_date? qufa.date
---@field other_org? string
---@field letter_no? string
---@field valid_days? integer
---@field receipt_date? qufa.date
---@field status? "pending"|"completed"|"cancelled"
---@field note? string

---@param fields qufa.transfer_fields
---@return qufa.transfer
function db:add_transfer(fields) end

---@param id integer
---@return qufa.transfer?
function db:transfer(id) end

---@param filter? {member?: qufa.member_ref, org?: qufa.org_ref, status?: string}
---@return fun(): qufa.transfer?
function db:transfers(filter) end

---@param date? qufa.date
---@return qufa.transfer
function transfer:receipt(date) end

---@param fields qufa.transfer_fields
---@return qufa.transfer
function transfer:update(fields) end

function transfer:delete() end

---@alias qufa.attendance_state "present"|"absent"|"leave"|"late"

---@class qufa.activity
---@field id integer
---@field org_id integer
---@field kind string
---@field title string
---@field topic string?
---@field starts_at qufa.datetime
---@field ends_at qufa.datetime?
---@field place string?
---@field host_id integer?
---@field recorder_id integer?
---@field lecturer_id integer?
---@field attrs table
local activity = {}

---@class qufa.attendance_fields
---@field member qufa.member_ref
---@field state qufa.attendance_state
---@field reason? string

---@class qufa.guest
---@field id? integer
---@field name string
---@field affiliation? string
---@field role string

---@class qufa.agenda_item
---@field seq? integer
---@field segment string
---@field title? string

---@class qufa.activity_fields
---@field org? qufa.org_ref
---@field kind? string
---@field title? string
---@field topic? string
---@field starts_at? qufa.datetime
---@field ends_at? qufa.datetime
---@field place? string
---@field host? qufa.member_ref
---@field recorder? qufa.member_ref
---@field lecturer? qufa.member_ref
---@field attrs? table
---@field attendance? qufa.attendance_fields[]
---@field guests? qufa.guest[]
---@field agenda? qufa.agenda_item[]

---@param fields qufa.activity_fields
---@return qufa.activity
function db:add_activity(fields) end

---@param id integer
---@return qufa.activity?
function db:activity(id) end

---@class qufa.activity_filter
---@field org? qufa.org_ref
---@field under? qufa.org_ref
---@field kind? string
---@field from? qufa.date
---@field to? qufa.date

---@param filter? qufa.activity_filter
---@return fun(): qufa.activity?
function db:activities(filter) end

---@param filter? qufa.activity_filter
---@return fun(): qufa.activity?
function org:activities(filter) end

---@param fields qufa.activity_fields
---@return qufa.activity
function activity:update(fields) end

function activity:delete() end

---@param member qufa.member_ref
---@param state qufa.attendance_state
---@param reason? string
---@return qufa.activity
function activity:set_attendance(member, state, reason) end

---@param member qufa.member_ref
---@return qufa.activity
function activity:remove_attendance(member) end

---@return fun(): {member: qufa.member, member_id: integer, state: qufa.attendance_state, reason: string?}?
function activity:attendance() end

---@param fields qufa.guest
---@return qufa.guest
function activity:add_guest(fields) end

---@param guest qufa.guest|integer
function activity:remove_guest(guest) end

---@return fun(): qufa.guest?
function activity:guests() end

---@param items qufa.agenda_item[]
---@return qufa.activity
function activity:set_agenda(items) end

---@return fun(): qufa.agenda_item?
function activity:agenda() end

---@return qufa.org
function activity:org() end

---@class qufa.artifact
---@field id integer
---@field activity_id integer?
---@field member_id integer?
---@field org_id integer?
---@field type string
---@field title string?
---@field issued_at qufa.datetime?
---@field sha256 string?
---@field size integer?
---@field path string?
---@field mime string?
---@field attrs table
local artifact = {}

---@class qufa.artifact_fields
---@field activity? qufa.activity|integer
---@field member? qufa.member_ref
---@field org? qufa.org_ref
---@field type? string
---@field title? string
---@field issued_at? qufa.datetime
---@field content? string
---@field file? string
---@field path? string
---@field mime? string
---@field attrs? table

---@param fields qufa.artifact_fields
---@return qufa.artifact
function activity:add_artifact(fields) end

---@param fields qufa.artifact_fields
---@return qufa.artifact
function db:add_artifact(fields) end

---@param id integer
---@return qufa.artifact?
function db:artifact(id) end

---@param filter? {activity?: qufa.activity|integer, member?: qufa.member_ref, org?: qufa.org_ref, type?: string}
---@return fun(): qufa.artifact?
function db:artifacts(filter) end

---@param filter? {type?: string}
---@return fun(): qufa.artifact?
function activity:artifacts(filter) end

---@return string?
function artifact:content() end

---@param fields {type?: string, title?: string, issued_at?: qufa.datetime, mime?: string, attrs?: table}
---@return qufa.artifact
function artifact:update(fields) end

function artifact:delete() end

---@class qufa.term
---@field vocab string
---@field code string
---@field label_zh string?
---@field label_en string?
---@field builtin boolean

---@param vocab "activity_kind"|"artifact_type"|"post"|"guest_role"|"flag"
---@param code string
---@param label_zh? string
---@param label_en? string
function db:define_kind(vocab, code, label_zh, label_en) end

---@param vocab? string
---@return fun(): qufa.term?
function db:vocab(vocab) end

---@param vocab string
---@param code string
---@return string
function db:label(vocab, code) end

---@param vocab string
---@param code string
---@return boolean ok
---@return string? message
function db:check_term(vocab, code) end

---@class qufa.audit_report
---@field entries integer
---@field seals integer
---@field rows integer
---@field problems integer

---@return boolean ok
---@return string|qufa.audit_report message_or_report
---@return qufa.audit_report? report
function db:audit_verify() end

---@class qufa.audit_entry
---@field seq integer
---@field at string
---@field actor string
---@field action "insert"|"update"|"delete"
---@field table string
---@field row_id integer
---@field before table?
---@field after table?

---@param filter? {table?: string, row?: integer, after_seq?: integer, limit?: integer}
---@return fun(): qufa.audit_entry?
function db:audit(filter) end

-- CSV (docs/csv.md) --------------------------------------------------------------------------

---@param kind "members"|"activities"
---@param path string
---@param options? {org?: qufa.org|integer|string}
---@return integer rows
function db:import_csv(kind, path, options) end

---@param kind "members"|"activities"
---@param options? {path?: string, org?: qufa.org|integer|string, from?: string, to?: string,
---  chinese_headers?: boolean, bom?: boolean, unmask?: boolean}
---@return string|boolean
function db:export_csv(kind, options) end

-- Standards (docs/writing-standards.md) ------------------------------------------------------

---@class qufa.requirement
---@field kind string
---@field params table

---Declares a standards system in a pack file.
---@class qufa.system_def
---@field code string
---@field title string
---@field issuer? string
---@field adopted? string
---@field description? string
---@field categories? {code: string, title: string}[]

---@param def qufa.system_def
---@return table
function qufa.system(def) end

---Declares a standard in a pack file.
---@class qufa.standard_def
---@field code string
---@field title string
---@field clauses table[] {number, type, text, responsible?, article?, require?}
---@field version? string
---@field system? string
---@field category? string
---@field published? string
---@field effective? string
---@field expires? string
---@field replaces? string
---@field origin? "issued"|"branch"
---@field issuer? string
---@field scope? string
---@field applies_to? string[]
---@field org? string
---@field source_doc? string
---@field note? string

---@param def qufa.standard_def
---@return table
function qufa.standard(def) end

---Declares a tailoring (a branch's overlay) in a pack file.
---@class qufa.tailoring_def
---@field code string
---@field org? string
---@field title? string
---@field effective? string
---@field import? string[]
---@field adds? string[]
---@field set? table
---@field not_applicable? table[]
---@field add_clauses? table[]
---@field adopt? {standard: string, from: string, reason: string}[]
---@field note? string

---@param def qufa.tailoring_def
---@return table
function qufa.tailor(def) end

---@param params {activity: string|string[], per: string, min?: integer, each?: "org"|"group", lecturer?: string}
---@return qufa.requirement
function qufa.cadence(params) end
---@param params {activity: string|string[], type: string, before?: integer, within?: integer, min?: integer}
---@return qufa.requirement
function qufa.artifact(params) end
---@param params {activity: string|string[], rate?: number, quorum?: string, base?: string,
---  posts?: string[], must_attend?: string|string[], late_counts?: boolean}
---@return qufa.requirement
function qufa.attendance(params) end
---@param params {activity: string|string[], segments: string[], ordered?: boolean, labels?: table<string, string>}
---@return qufa.requirement
function qufa.agenda(params) end
---@param params {activity: string|string[], role: string, min?: integer}
---@return qufa.requirement
function qufa.guest(params) end
---@param params {post: string, each?: "org"|"group"}
---@return qufa.requirement
function qufa.position(params) end
---@param params {years?: integer, activity?: string|string[], warn?: integer}
---@return qufa.requirement
function qufa.term(params) end
---@param params {status?: string|string[], min?: integer, max?: integer}
---@return qufa.requirement
function qufa.members(params) end
---@param params {subject: string, activity?: string|string[], per?: string, args?: table,
---  fn: fun(subject: table, ctx: table): (boolean|string|nil), string?}
---@return qufa.requirement
function qufa.check(params) end
---@param params table
---@return qufa.requirement
function qufa.deadline(params) end
---@param params {attr?: string, min: number, per?: string, posts?: table<string, number>}
---@return qufa.requirement
function qufa.hours(params) end

---@return {kind: string, doc: string, params: table[]}[]
function qufa.requirement_kinds() end

---@param path_or_source string|{text: string, name?: string}
---@return {what: string, code: string, rev: integer, outcome: "new"|"revised"|"unchanged"}[]
function db:load_standards(path_or_source) end

---@class qufa.standard_info
---@field code string
---@field rev integer
---@field version string?
---@field title string
---@field system string?
---@field category string?
---@field origin "issued"|"branch"
---@field effective string
---@field expires string?
---@field replaces string?
---@field source string?
---@field hash string
---@field clauses integer
---@field requirements integer

---@param filter? {system?: string, code?: string, all?: boolean}
---@return fun(): qufa.standard_info?
function db:standards(filter) end

---@param code string
---@param options? {org?: qufa.org|integer|string, on?: string, json?: boolean}
---@return table|string|nil
function db:standard(code, options) end

---@return table[]
function db:systems() end

-- Checks (docs/check-output.md) -----------------------------------------------------------

---@class qufa.finding
---@field standard string
---@field standard_title string?
---@field rev integer
---@field clause string
---@field requirement integer
---@field kind string
---@field status "pass"|"fail"|"warn"|"open"|"n/a"|"error"
---@field subject_type "activity"|"member"|"org"|"period"
---@field subject_id integer?
---@field subject string
---@field org_id integer
---@field org string?
---@field period string
---@field period_start string
---@field period_end string
---@field message string
---@field responsible string?
---@field responsible_label string?
---@field due string?
---@field days_left integer?
---@field activities integer[]
---@field artifacts integer[]

---@class qufa.check_result
---@field period string
---@field fingerprint string
---@field today string
local result = {}

---@param filter? {status?: string}
---@return fun(): qufa.finding?
function result:findings(filter) end
---@return {pass: integer, fail: integer, warn: integer, open: integer, na: integer,
---  error: integer, clauses: integer, score: number}
function result:summary() end
---@return string
function result:json() end
---@return string
function result:csv() end
---@param options? {color?: boolean, all?: boolean}
---@return string
function result:text(options) end
---@param db qufa.db
---@param note? string
---@return integer
function result:save(db, note) end

---@param options? {org?: qufa.org|integer|string, period?: string, standard?: string}
---@return qufa.check_result
function db:check(options) end

---@class qufa.assessment_info
---@field id integer
---@field created_at string
---@field today string
---@field org string?
---@field period string
---@field fingerprint string
---@field pass integer
---@field fail integer
---@field warn integer
---@field open integer
---@field note string?

---@return fun(): qufa.assessment_info?
function db:assessments() end

---@param id integer
---@return qufa.check_result?
function db:assessment(id) end

---@param a qufa.check_result
---@param b qufa.check_result
---@return {change: "new"|"gone"|"status", a: qufa.finding?, b: qufa.finding?}[]
function qufa.diff(a, b) end

return qufa
