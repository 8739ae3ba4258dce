/* qufa — language of user-facing text. Messages go through gettext (English source strings, a
 * zh_CN catalogue). The language comes from QUFA_LANG, LANGUAGE, LC_ALL, LC_MESSAGES or LANG;
 * Chinese unless one of them asks for English ("en…"), since the users are Chinese branches. */
#ifndef QUFA_I18N_H
#define QUFA_I18N_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Chooses the language from the environment and binds the message catalogue. `localedir` NULL
 * uses the built-in search (build tree, then the install prefix). Safe to call again. */
QF_EXTERN void qf_i18n_init(const char *localedir);
/* "zh" or "en". */
QF_EXTERN const char *qf_language(void);
/* Forces "zh" or "en". */
QF_EXTERN int qf_set_language(const char *lang);
/* Translates an English message (the gettext msgid) into the current language. */
QF_EXTERN const char *qf_tr(const char *msgid);

#ifdef __cplusplus
}
#endif
#endif
