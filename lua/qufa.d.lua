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

---Removes a qufa database: a file (with its -wal and -shm), or the tables of a PostgreSQL
---schema. Refuses anything that is not a qufa database.
---@param path string
function qufa.destroy(path) end

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
---@field label string   # for titles: "2017年第3季度" / "2017 Q3"

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

--- The stroke count of the first character (Unihan kTotalStrokes); 0 if not an ideograph.
---@param char string
---@return integer
function qufa.strokes(char) end

--- Compares two names in 姓氏笔画 order: -1, 0 or 1.
---@param a string
---@param b string
---@return integer
function qufa.name_compare(a, b) end

--- Sorts a list of names, or of records by their field `key` ("name"), in 姓氏笔画 order, in
--- place; returns it.
---@generic T
---@param list T[]
---@param key? string
---@return T[]
function qufa.sort_names(list, key) end

---An error qufa raises: act on `code`; `tostring(err)`, `err .. ""` and `err:find(...)` use
---`message` ("script.lua:12: org gy1 already exists").
---@class qufa.error
---@field code "invalid"|"not_found"|"exists"|"constraint"|"busy"|"restricted"|"corrupt"|"system"|"nomem"|"user"|"error"
---@field message string

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
---@field order? "name"|"strokes" # "strokes": 姓氏笔画 order (the list only)

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

--- Years completed on `on` (default today); nil without a birth date.
---@param on? qufa.date
---@return integer?
function member:age(on) end

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

---@class qufa.waiver
---@field id integer
---@field target string "GY1-BYT/3.1" or "GY1-BYT/3.1#1"
---@field subject string "gy1/period/2017-08-H1": the org's code, then a glob over the key's rest
---@field org_id integer
---@field org string
---@field standard string
---@field clause string
---@field requirement integer? nil: every requirement of the clause
---@field reason string
---@field recorded_by string
---@field approved_by string
---@field from qufa.date
---@field to qufa.date the last day it holds
---@field recorded_on qufa.date
---@field ended qufa.date? the day it was ended early
---@field end_note string?
local waiver = {}

---@class qufa.waiver_fields
---@field target string
---@field subject string
---@field reason string
---@field approved_by string
---@field to qufa.date
---@field from? qufa.date default today
---@field recorded_by? string default the actor

---@param fields qufa.waiver_fields
---@return qufa.waiver
function db:add_waiver(fields) end

---@param id integer
---@return qufa.waiver?
function db:waiver(id) end

---@param filter? {org?: qufa.org_ref, holds_on?: qufa.date, ends_by?: qufa.date, ends_from?: qufa.date}
---@return fun(): qufa.waiver?
function db:waivers(filter) end

--- Ends the waiver early: its last day becomes `date` (default today).
---@param date? qufa.date
---@param note? string
---@return qufa.waiver
function waiver:end_on(date, note) end

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
---@field dues_paid_to string? # 党费交至 "YYYY-MM"
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
---@field dues_paid_to? string

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

---@alias qufa.appraisal_result "excellent"|"qualified"|"basically_qualified"|"unqualified"

---@class qufa.appraisal
---@field id integer
---@field member_id integer
---@field org_id integer
---@field year integer
---@field result qufa.appraisal_result
---@field result_label string
---@field activity_id integer?
---@field note string?
local appraisal = {}

---@class qufa.appraisal_fields
---@field member qufa.member_ref
---@field year integer
---@field result qufa.appraisal_result|"优秀"|"合格"|"基本合格"|"不合格"
---@field activity? qufa.activity|integer
---@field org? qufa.org_ref
---@field note? string

--- Records a member's 民主评议 grade for a year (replacing an earlier one for that year).
---@param fields qufa.appraisal_fields
---@return qufa.appraisal
function db:set_appraisal(fields) end

---@param member qufa.member_ref
---@param year integer
---@return qufa.appraisal?
function db:appraisal(member, year) end

---@param filter? {org?: qufa.org_ref, member?: qufa.member_ref, activity?: qufa.activity|integer, year?: integer}
---@return fun(): qufa.appraisal?
function db:appraisals(filter) end

function appraisal:delete() end

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

---The counts of a meeting of the org's members on `on` (default today), nothing recorded:
---`due` is its 党员 (正式 and 预备), `voting` those with voting rights.
---@param on? qufa.date
---@return qufa.counts
function org:counts(on) end

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

---The counting model's answer for an activity (docs/counting.md). due = present + leave + absent.
---@class qufa.counts
---@field body "members"|"committee"  # whose attendance counts: the org's 党员, or its committee
---@field due integer                 # 应到
---@field voting integer              # of those due, with voting rights
---@field full integer                # of those due, 正式党员
---@field present integer             # 实到 (late arrivals count)
---@field present_voting integer
---@field present_full integer
---@field late integer
---@field leave integer               # 请假: due, not present, not an unexcused absence
---@field absent integer              # due, neither present nor on leave (or not recorded)
---@field unrecorded integer          # of `absent`, those with no attendance row
---@field observers integer           # 列席 who attended: never in due or present
---@field guests integer              # invited guests
---@field recorded integer            # attendance rows
---@field attendees qufa.attendee[]?  # with counts{attendees = true}

---@param options? {attendees: boolean?}  # attendees = true: the list of activity:attendees() too
---@return qufa.counts
function activity:counts(options) end

---@alias qufa.count_role "voting"|"nonvoting"|"observer"

---@class qufa.attendee
---@field member_id integer
---@field code string?
---@field name string
---@field status qufa.status?         # on the activity's day
---@field group_id integer?           # party group on the activity's day
---@field role qufa.count_role
---@field due boolean
---@field voting boolean
---@field state qufa.attendance_state? # nil when not recorded
---@field reason string?
---@field attended boolean

---Those due (recorded or not), then the observers (列席), each by code, then name.
---@return fun(): qufa.attendee?
function activity:attendees() end

---activity:counts{attendees = true} of every activity db:activities lists with the same filter,
---read org by org (a few statements per org): activities org by org, each org's by start time.
---@param filter? {org: qufa.org_ref?, under: qufa.org_ref?, kind: string?, from: string?, to: string?}
---@return fun(): integer?, qufa.counts
function db:activity_counts(filter) end

---How many activities of each kind db:activities lists with the same filter (one query).
---@param filter? {org: qufa.org_ref?, under: qufa.org_ref?, kind: string?, from: string?, to: string?}
---@return table<string, integer>
function db:activity_kinds(filter) end

---Each person's tally over the activities of the filter with attendance recorded: due, present,
---leave, absent, and observed (times sat in as 列席), keyed by member id.
---@param filter? {org: qufa.org_ref?, under: qufa.org_ref?, kind: string?, from: string?, to: string?}
---@return table<integer, qufa.attendance_total>
function db:attendance_totals(filter) end

---One person's tally in db:attendance_totals.
---@class qufa.attendance_total
---@field member_id integer
---@field code string?
---@field name string
---@field due integer
---@field present integer
---@field leave integer
---@field absent integer
---@field observed integer

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

-- Sync (docs/sync.md) ------------------------------------------------------------------------

---@class qufa.sync_report
---@field seals integer transactions (seals) applied by this push
---@field entries integer audit entries applied
---@field skipped integer seals the organ already held
---@field acked_seq integer the organ's last entry of the branch after the push
---@field batches integer organ transactions committed

--- Pushes this branch's sealed audit entries the organ does not hold yet.
---@param organ qufa.db
---@param options? {as?: string, batch?: integer, max_seals?: integer}
---@return qufa.sync_report
function db:sync_push(organ, options) end

--- The name a push goes under by default: the code of the only branch (else top-level org).
---@return string
function db:sync_default_name() end

---@class qufa.sync_branch
---@field name string
---@field acked_seq integer
---@field acked_hash string
---@field seals integer
---@field first_push string
---@field last_push string

--- The branches this (organ's) database holds.
---@return qufa.sync_branch[]
function db:sync_branches() end

--- The organ's last acknowledged entry of a branch, and its seal's hash.
---@param name string
---@return integer seq
---@return string hash
function db:sync_acked(name) end

--- A new in-memory database holding the branch's records as pushed.
---@param name string
---@return qufa.db
function db:sync_replica(name) end

--- The packs a branch pulls: the organ's systems and the standards it issued.
---@return {name: string, sha256: string, text: string, standards: table<string, string>, systems: string[]}[]
function db:sync_packs() end

-- CSV (docs/csv.md) --------------------------------------------------------------------------
-- CSV and .xlsx (docs/csv.md) ----------------------------------------------------------------

---@param kind "members"|"activities"
---@param path string
---@param options? {org?: qufa.org|integer|string}
---@return integer rows
function db:import_csv(kind, path, options) end

---A CSV file or a sheet of an .xlsx workbook, told apart by content.
---@param kind "members"|"activities"
---@param path string
---@param options? {org?: qufa.org|integer|string, sheet?: string}
---@return integer rows
function db:import(kind, path, options) end

---@param kind "members"|"activities"
---@param options? {path?: string, org?: qufa.org|integer|string, from?: string, to?: string,
---  chinese_headers?: boolean, bom?: boolean, unmask?: boolean}
---@return string|boolean
function db:export_csv(kind, options) end

---@param kind "members"|"activities"
---@param path string
---@param options? {org?: qufa.org|integer|string, from?: string, to?: string,
---  chinese_headers?: boolean, unmask?: boolean}
---@return true
function db:export_xlsx(kind, path, options) end

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

---A standard as it applies; given a list of codes, {[code] = standard} for those that exist
---(the rulebook read once).
---@param code string|string[]
---@param options? {org?: qufa.org|integer|string, on?: string, json?: boolean}
---@return table|string|nil
function db:standard(code, options) end

---@return table[]
function db:systems() end

-- Checks (docs/check-output.md) -----------------------------------------------------------

---@class qufa.finding_waiver
---@field id integer
---@field reason string
---@field recorded_by string
---@field approved_by string
---@field from string
---@field to string
---@field expired boolean the waiver ended before the day the finding is judged on

---@class qufa.finding
---@field standard string
---@field standard_title string?
---@field rev integer
---@field clause string
---@field requirement integer
---@field kind string
---@field status "pass"|"fail"|"warn"|"open"|"n/a"|"error"|"waived"
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
---@field key string the obligation's stable key ("GY1-BYT/3.1#1@gy1/period/2017-09-H1")
---@field cause string? for fail/warn: what the lapse is
---@field same_as string? the key of the first finding with the same cause, when this one repeats it
---@field message_id string the message's id (its English text with placeholders)
---@field clause_text string? the clause as the standard words it
---@field deadline string? the last day the rule allows, whatever the status
---@field counts qufa.counts?   # attendance findings: the counts judged (docs/counting.md)
---@field waiver qufa.finding_waiver? the waiver that explains it (docs/waivers.md)
---@field explain fun(self: qufa.finding): qufa.explanation why it was given (db:explain(key))

---@class qufa.explanation
---@field key string
---@field finding table the finding, as in the check's JSON
---@field clause {standard: string, title: string?, rev: integer, clause: string, text: string?,
---  type: string?, origin: string, source: string?, article: string?}
---@field requirement {index: integer, kind: string, params: {name: string, value: any, provenance: table}[]}
---@field period {code: string, start: string, ["end"]: string, judged_on: string}
---@field org string?
---@field counts table? attendance: the counts judged
---@field records {type: string, id: integer, day: string?, label: string?, counted: boolean, why: string?}[]
---@field json string the explanation as JSON
---@field text string what `qufa check --explain` prints

--- Why the finding with this key was given (docs/check-output.md).
---@param key string
---@return qufa.explanation
function db:explain(key) end

---@class qufa.check_result
---@field period string
---@field fingerprint string
---@field today string
local result = {}

---@param filter? {status?: string}
---@return fun(): qufa.finding?
function result:findings(filter) end
---@return {pass: integer, fail: integer, warn: integer, open: integer, na: integer,
---  error: integer, waived: integer, clauses: integer, causes: integer, score: number?}
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
---Findings branch by branch, in memory bounded by the largest branch.
---@param options? {org?: qufa.org|integer|string, period?: string, standard?: string}
---@return fun(): qufa.finding?
function db:check_each(options) end
---The check of db:check_each counted in C: the findings grouped by standard, clause, status,
---period and same_as, and the findings whose status `list` names.
---@param options? {org?: qufa.org|integer|string, period?: string, standard?: string,
---  since?: integer, list?: string[]}
---@return qufa.check_group[] groups
---@return qufa.finding[] listed
---@return {pass: integer, fail: integer, warn: integer, open: integer, na: integer,
---  error: integer, clauses: integer, causes: integer, score: number?, fingerprint: string,
---  findings: integer, branches: integer} totals the run's summary (as db:check_write's)
function db:check_tally(options) end
---One group of db:check_tally: `n` findings alike.
---@class qufa.check_group
---@field standard string
---@field standard_title string
---@field clause string
---@field status string
---@field period_start string?
---@field period_end string?
---@field same boolean
---@field n integer
---Writes the check as it runs ("text", "json" or "csv"); returns the summary with
---fingerprint, findings and branches. save = true also saves it as an assessment as it goes
---(its id in `assessment`; nothing saved when the run fails).
---@param options {format?: "text"|"json"|"csv", file?: file*, color?: boolean, all?: boolean,
---  org?: qufa.org|integer|string, period?: string, standard?: string, since?: integer,
---  save?: boolean, note?: string}
---@return {pass: integer, fail: integer, warn: integer, open: integer, na: integer,
---  error: integer, clauses: integer, causes: integer, score: number?, fingerprint: string,
---  findings: integer, branches: integer, rejudged: integer, since_note: string?,
---  assessment: integer?}
function db:check_write(options) end

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

-- ---- reports (docs/reports.md) ------------------------------------------------------------

---@alias qufa.column_type "text"|"integer"|"number"|"percent"|"date"|"bool"

---@class qufa.column
---@field key string              # [a-z][a-z0-9_]*, the JSON member name
---@field title? string           # the header (default: the key)
---@field type? qufa.column_type  # default "text"
---@field total? "sum"|"count"|"avg"
---@field width? integer          # at least this many display columns
---@field align? "auto"|"left"|"center"|"right"
---@field decimals? integer       # number and percent columns

---@class qufa.chart
---@field title string
---@field category string         # key of the column that labels the x axis
---@field values string|string[]  # keys of integer, number or percent columns (at most 8)
---@field kind? "bar"|"line"
---@field per_section? boolean    # one chart under each section

---@class qufa.report_output
---@field path? string            # a file (format from its extension unless given)
---@field file? file*             # or an open Lua file (format required)
---@field format? "text"|"md"|"markdown"|"csv"|"json"|"xlsx"|"html"
---@field bom? boolean            # CSV: start with a UTF-8 byte-order mark (Excel)
---@field header_keys? boolean    # CSV: column keys instead of titles in the header

---@class qufa.report_spec
---@field title string
---@field subtitle? string
---@field notes? string
---@field columns qufa.column[]
---@field charts? qufa.chart[]
---@field output? string|qufa.report_output  # given: rows stream to it

---@class qufa.section_spec
---@field title string
---@field columns? qufa.column[]  # columns of its own (then its charts are drawn under it)
---@field charts? qufa.chart[]

---@class qufa.report
local report = {}

---A report table: rows stream to `output` when it is given (or r:open is called first),
---else they are kept until r:write.
---@param spec qufa.report_spec
---@return qufa.report
function qufa.report(spec) end

---Starts a section (an Excel sheet), optionally with columns and charts of its own.
---@param title_or_spec string|qufa.section_spec
---@return qufa.report
function report:section(title_or_spec) end

---Adds a row: a table keyed by column key, or a list in column order.
---@param row table
---@return qufa.report
function report:add(row) end

---Opens the output before the first row: rows go straight to it.
---@param output string|qufa.report_output
---@return qufa.report
function report:open(output) end

---Writes the rows kept in memory (again and again, in any format); no rows after it.
---@param output string|qufa.report_output
---@return qufa.report
function report:write(output) end

---Finishes a streamed output (the file appears now) and frees the report.
function report:close() end

---Drops the report: an unfinished output is removed.
function report:discard() end

---@class qufa.render_options
---@field name? string            # starts error messages: "notice.md:3:1: …"
---@field escape? "none"|"html"|"markdown"|"xml"
---@field max_output? integer     # bytes (default 4 MiB)

---Renders a template ({{name}}, {{a.b}}, {{#list}}…{{/list}}, {{^x}}…{{/x}}) with `data`.
---@param template string
---@param data? table
---@param options? qufa.render_options
---@return string
function qufa.render(template, data, options) end

---A printable, self-contained HTML page from the Markdown of a document.
---@param markdown string
---@param options? {title?: string, css?: string, fragment?: boolean}
---@return string
function qufa.markdown_html(markdown, options) end

---A Word document (.docx, its bytes) from the Markdown of a document, through a skeleton whose
---XML parts are templates (default: the built-in one, GB/T 9704).
---@param markdown string
---@param data? table
---@param options? {skeleton?: string, name?: string}
---@return string
function qufa.docx(markdown, data, options) end

---The bytes of the built-in .docx skeleton.
---@return string
function qufa.docx_skeleton() end

---A zip archive of the entries (its bytes).
---@param entries {name: string, content: string, time?: string}[]
---@return string
function qufa.zip(entries) end

---Writes the whole file or nothing (a temporary file renamed), mode 0600.
---@param path string
---@param data string
---@return true
function qufa.write_file(path, data) end

---The SHA-256 of `data`, 64 hex digits.
---@param data string
---@return string
function qufa.sha256(data) end

---A table as indented JSON, keys sorted.
---@param value table
---@return string
function qufa.json_text(value) end

-- ---- procedures (docs/writing-procedures.md) -------------------------------------------------

---Declares a procedure; only in a file loaded with db:flow_load / `qufa flow load`.
---@param def table {code=, title=, version=, subject=, params=, artifact_types=, stages=, fields=, on_start=, steps=}
---@return table
function qufa.procedure(def) end

---@class qufa.flow_loaded
---@field code string
---@field rev integer
---@field outcome "new"|"revised"|"unchanged"

---Stores the procedures a Lua file (or `{source=, name=}`) declares; all or nothing.
---@param path_or_source string|{source: string, name?: string}
---@return qufa.flow_loaded[]
function db:flow_load(path_or_source) end

---@class qufa.procedure_info
---@field code string
---@field rev integer
---@field version string?
---@field title string
---@field subject "member"|"org"|"none"
---@field hash string
---@field source string?
---@field loaded_at string
---@field steps integer
---@field open_cases integer

---@param filter? {code?: string, all?: boolean}
---@return fun(): qufa.procedure_info?
function db:procedures(filter) end

---The stored (normalised) definition of a revision (default the latest), with `rev`.
---@param code string
---@param rev? integer
---@return table?
function db:procedure(code, rev) end

---@class qufa.flow_param
---@field value any
---@field default any
---@field corrected any?
---@field type "duration"|"integer"|"number"|"boolean"|"date"|"text"
---@field doc string?
---@field source string?

---@param code string
---@param rev? integer
---@return table<string, qufa.flow_param>
function db:flow_params(code, rev) end

---Corrects a parameter for cases started from now on (nil: back to the default).
---@param code string
---@param name string
---@param value any
---@param note? string
function db:flow_set_param(code, name, value, note) end

---@class qufa.case
---@field id integer
---@field procedure string
---@field rev integer
---@field title string
---@field member_id integer?
---@field org_id integer
---@field state "active"|"overdue"|"completed"|"cancelled"
---@field step string?
---@field step_title string?
---@field entered qufa.date?
---@field started qufa.date
---@field ended qufa.date?
---@field params table
---@field fields table
---@field note string?
local case = {}

---@class qufa.flow_start
---@field procedure string
---@field rev? integer
---@field member? qufa.member_ref
---@field org? qufa.org_ref
---@field date? qufa.date
---@field params? table
---@field fields? table
---@field note? string

---@param fields qufa.flow_start
---@return qufa.case
function db:flow_start(fields) end

---@param id integer
---@return qufa.case?
function db:case(id) end

---@param filter? {procedure?: string, member?: qufa.member_ref, org?: qufa.org_ref, state?: string}
---@return fun(): qufa.case?
function db:cases(filter) end

---@class qufa.deadline
---@field case_id integer
---@field procedure string
---@field member_id integer?
---@field org_id integer
---@field step string
---@field step_title string?
---@field rule integer
---@field kind "within"|"not_before"
---@field interrupting boolean
---@field anchor string
---@field anchor_date qufa.date
---@field duration string
---@field due qufa.date
---@field met qufa.date?
---@field label string?
---@field state "pending"|"overdue"|"escalated"|"waiting"|"ready"|"met"|"missed"
---@field days_left integer

---What is due: overdue rules, and those falling due within `within` (days or "30d").
---@param filter? {within?: integer|string, org?: qufa.org_ref, procedure?: string, today?: qufa.date}
---@return qufa.deadline[]
function db:flow_due(filter) end

---@class qufa.advance
---@field step string
---@field to? string
---@field date? qufa.date
---@field note? string
---@field fields? table
---@field artifacts? (table|integer)[]
---@field files? (string|{type?: string, path: string, title?: string})[]

---@param fields qufa.advance
---@return qufa.case
function case:advance(fields) end

---@param fields? {date?: qufa.date, note?: string}
---@return qufa.case
function case:cancel(fields) end

---@return qufa.case
function case:refresh() end

---@return table
function case:definition() end

---@class qufa.case_event
---@field seq integer
---@field action "start"|"complete"|"cancel"
---@field step string?
---@field to string?
---@field date qufa.date
---@field actor string
---@field note string?
---@field fields table
---@field late boolean
---@field artifacts integer[]

---@return fun(): qufa.case_event?
function case:history() end

---@return fun(): qufa.deadline?
function case:deadlines() end

-- ---- the workday calendar ----------------------------------------------------------------

---@class qufa.calendar_report
---@field first_year integer
---@field last_year integer
---@field days_off integer
---@field days_work integer
---@field lines integer
---@field replaced integer
---@field deadlines integer

---@param path_or_text string|{text: string, name?: string}
---@return qufa.calendar_report
function db:calendar_import(path_or_text) end

---@param date qufa.date
---@return boolean
function db:is_workday(date) end

---@param date qufa.date
---@param n integer
---@return qufa.date
function db:add_workdays(date, n) end

---Adds a duration; "5wd" counts working days on the calendar.
---@param date qufa.date
---@param duration string
---@return qufa.date
function db:calendar_add(date, duration) end

---@param from qufa.date
---@param to qufa.date
---@return integer
function db:count_workdays(from, to) end

---@param range? {from?: qufa.date, to?: qufa.date}
---@return fun(): {day: qufa.date, kind: "off"|"work", name: string?}?
function db:calendar(range) end

---@param year integer
---@return boolean
function db:calendar_has_year(year) end

---@class qufa.reminder
---@field id integer
---@field key string
---@field source "check"|"procedure"|"probation"|"receipt"|"letter"|"exemption"|"custom"
---@field rule string
---@field title string
---@field message string?
---@field due qufa.date
---@field days_left integer
---@field state "pending"|"fired"|"acknowledged"|"satisfied"|"expired"|"snoozed"
---@field overdue boolean
---@field snoozed_until qufa.date?
---@field subject_type string?
---@field subject_id integer?
---@field subject string?
---@field org_id integer?
---@field org string?
---@field org_name string?
---@field responsible string?
---@field responsible_label string?
---@field holder_id integer?
---@field holder string?
---@field leads string
---@field next_fire qufa.date?
---@field first_seen qufa.date
---@field resolved qufa.date?
---@field sequence integer
---@field note string?
---@field shown boolean
---@field firing boolean
---@field fire_lead string?
---@field late boolean
---@field missed qufa.date[]
---@field delivered boolean
---@field delivery_error string?
---@field resolved_now boolean
---@field fire_days qufa.date[]
local reminder = {}

---@class qufa.remind_result
---@field today qufa.date
---@field within integer
---@field last_run qufa.date?
---@field dry_run boolean
local remind_result = {}

---The reminders of the run, most urgent first.
---@param filter? {shown?: boolean, state?: string}
---@return fun(): qufa.reminder?
function remind_result:reminders(filter) end

---@class qufa.remind_summary
---@field shown integer
---@field firing integer
---@field delivered integer
---@field failed integer
---@field late integer
---@field overdue integer
---@field active integer
---@field acknowledged integer
---@field snoozed integer
---@field satisfied_now integer
---@field expired_now integer

---@return qufa.remind_summary
function remind_result:summary() end

---@param options? {color?: boolean, all?: boolean}
---@return string
function remind_result:text(options) end

---@return string
function remind_result:json() end

---An iCalendar file: a VTODO per reminder with alarms.
---@return string
function remind_result:ics() end

---The custom rules that raised an error.
---@return string[]
function remind_result:errors() end

---Brings the reminder ledger up to date and fires what has come due.
---@param options? {org?: qufa.org_ref, within?: integer|string, dry_run?: boolean, exec?: string, hooks?: boolean}
---@return qufa.remind_result
function db:remind(options) end

---@param filter? {state?: string, active?: boolean, org?: qufa.org_ref, source?: string}
---@return fun(): qufa.reminder?
function db:reminders(filter) end

---@param id integer
---@return qufa.reminder?
function db:reminder(id) end

---@return {key: string, value: string, default: string, set: boolean, doc: string, note: string?}[]
function db:remind_settings() end

---@param key string
---@param value string?   # nil restores the default
---@param note? string
function db:set_remind_setting(key, value, note) end

---It fires no more.
---@param note? string
---@return qufa.reminder
function reminder:ack(note) end

---Silent until today + duration ("3d", "1w", "2wd").
---@param duration string
---@param note? string
---@return qufa.reminder
function reminder:snooze(duration, note) end

---@return fun(): {lead: string, fire_on: qufa.date, fired_on: qufa.date?, late: boolean}?
function reminder:fires() end

---@class qufa.reminder_rule
---@field code string
---@field title string
---@field subject? "member"|"branch"|"group"
---@field lead? string|string[]
---@field responsible? string
---@field doc? string
---@field org? string
---@field fn fun(subject: table, ctx: {db: qufa.db, today: qufa.date, org: qufa.org, rule: string}): any

---A custom reminder rule (in a pack, or for this script's db:remind).
---@param def qufa.reminder_rule
---@return qufa.reminder_rule
function qufa.reminder(def) end

---Calls fn for every reminder db:remind fires in this state.
---@param fn fun(r: qufa.reminder)
function qufa.on_reminder(fn) end

return qufa
