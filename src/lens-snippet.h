/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-snippet.h: a call written as a curl command or as rivetkit/client TypeScript */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *lens_snippet_js_value   (JsonNode           *value);
char *lens_snippet_create     (const char         *name,
                               const char * const *key,
                               JsonNode           *input,
                               gboolean            get_or_create);
char *lens_snippet_typescript (const char         *endpoint,
                               const char         *namespace_,
                               gboolean            has_token,
                               const char         *name,
                               const char * const *key,
                               const char         *actor_id,
                               const char         *action,
                               JsonNode           *args,
                               JsonNode           *conn_params);
char *lens_snippet_curl       (const char         *endpoint,
                               gboolean            has_token,
                               const char         *actor_id,
                               const char         *action,
                               JsonNode           *args,
                               JsonNode           *conn_params);

G_END_DECLS
