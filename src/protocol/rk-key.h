/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-key.h: actor keys (arrays of strings) and their serialized "a/b\/c" form */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char  *rk_key_serialize  (const char * const *parts);
char **rk_key_parse      (const char         *serialized);
char  *rk_key_to_display (const char * const *parts);

G_END_DECLS
