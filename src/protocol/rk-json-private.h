/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-json-private.h: typed JSON getters that report wrong shapes as GErrors */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode   *_rk_json_parse_bytes      (GBytes      *body,
                                       const char  *what,
                                       GError     **error);
JsonObject *_rk_json_parse_object     (GBytes      *body,
                                       const char  *what,
                                       GError     **error);
const char *_rk_json_get_string       (JsonObject  *object,
                                       const char  *member);
gboolean    _rk_json_require_string   (JsonObject  *object,
                                       const char  *member,
                                       const char  *what,
                                       const char **out,
                                       GError     **error);
gboolean    _rk_json_get_int          (JsonObject  *object,
                                       const char  *member,
                                       gint64      *out);
gboolean    _rk_json_get_bool         (JsonObject  *object,
                                       const char  *member,
                                       gboolean     default_value);
JsonObject *_rk_json_get_object       (JsonObject  *object,
                                       const char  *member);
JsonArray  *_rk_json_get_array        (JsonObject  *object,
                                       const char  *member);
char       *_rk_json_to_string        (JsonNode    *node);

G_END_DECLS
