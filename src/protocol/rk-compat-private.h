/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-compat-private.h: what the rk-compat-*.c files share */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* 2^53: beyond it a double no longer holds every integer. */
#define MAX_SAFE_INTEGER 9007199254740992.0
/* 2^32: RivetKit 2.3 turns bigger plain integers sent by a client into BigInts. */
#define PLAIN_INTEGER_LIMIT G_GINT64_CONSTANT (4294967296)
/* How much of a hostile tag name or key goes into an error message. */
#define MESSAGE_SNIPPET_MAX 64

typedef enum
{
  TAG_NONE,
  TAG_ESCAPED,
  TAG_BIGINT,
  TAG_UINT8ARRAY,
  TAG_ARRAYBUFFER,
  TAG_UNDEFINED,
  TAG_SET,
  TAG_UNKNOWN,
} TagKind;

char *       _rk_compat_shorten             (const char *text,
                                             gsize max_chars);
gboolean     _rk_compat_is_identifier       (const char *name);
gsize        _rk_compat_path_push_member    (GString *path,
                                             const char *name);
gsize        _rk_compat_path_push_index     (GString *path,
                                             guint index);
JsonNode *   _rk_compat_new_string_node     (const char *value);
JsonNode *   _rk_compat_new_int_node        (gint64 value);
JsonNode *   _rk_compat_new_tagged          (const char *tag,
                                             JsonNode *payload);
const char * _rk_compat_node_get_string     (JsonNode *node);
gboolean     _rk_compat_node_is_string      (JsonNode *node);
gboolean     _rk_compat_node_is_integer     (JsonNode *node);
gboolean     _rk_compat_node_is_double      (JsonNode *node);
JsonNode *   _rk_compat_copy_value          (JsonNode *node);
gboolean     _rk_compat_double_to_safe_int  (double value,
                                             gint64 *out);
void         _rk_compat_append_double       (GString *out,
                                             double value);
char *       _rk_compat_canonical_decimal   (const char *text);
int          _rk_compat_base64_value        (char c);
GBytes *     _rk_compat_decode_base64       (const char *text);
char *       _rk_compat_encode_base64       (GBytes *bytes);
TagKind      _rk_compat_classify            (JsonArray *array,
                                             const char **tag_out);
gboolean     _rk_compat_needs_escape        (JsonArray *array);
JsonNode *   _rk_compat_payload_of          (JsonNode *node);
JsonNode *   _rk_compat_normalize_value     (JsonNode *node);

void         _rk_json_append_escaped        (GString *out,
                                             const char *s,
                                             gssize len);

G_END_DECLS
