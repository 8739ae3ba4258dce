/* qufa — standardized party-branch work as code. The whole public API. */
#ifndef QUFA_H
#define QUFA_H

#include "qufa/common.h"
#include "qufa/i18n.h"
#include "qufa/date.h"
#include "qufa/db.h"
#include "qufa/vocab.h"
#include "qufa/org.h"
#include "qufa/member.h"
#include "qufa/names.h"
#include "qufa/appraisal.h"
#include "qufa/position.h"
#include "qufa/activity.h"
#include "qufa/counting.h"
#include "qufa/artifact.h"
#include "qufa/transfer.h"
#include "qufa/audit.h"
#include "qufa/csv.h"
#include "qufa/standard.h"
#include "qufa/check.h"
#include "qufa/table.h"
#include "qufa/template.h"
#include "qufa/markdown.h"
#include "qufa/package.h"
#include "qufa/docx.h"
#include "qufa/calendar.h"
#include "qufa/procedure.h"
#include "qufa/remind.h"

#endif
