/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector-protocol-private.h: readers shared by the inspector decoder files */

#pragma once

#include <json-glib/json-glib.h>

#include "rk-bare.h"

G_BEGIN_DECLS

/* The smallest encodings of list items, to reject absurd counts early. */
#define MIN_CONNECTION_SIZE 2     /* string + data */
#define MIN_STRING_SIZE 1
#define MIN_TAB_CONFIG_SIZE 4     /* string, 2 × optional, bool */
#define MIN_SCHEDULE_SIZE 11      /* 11 fields of one byte or more */
#define MIN_SCHEDULE_FIRE_SIZE 6
#define MIN_QUEUE_MESSAGE_SIZE 3  /* uint, string, uint */

typedef gboolean (*ReadItemFunc) (RkBareReader  *reader,
                                  JsonObject    *item,
                                  GError       **error);

JsonNode *     _rk_inspector_uint_node               (guint64 value);
JsonNode *     _rk_inspector_null_node               (void);
JsonNode *     _rk_inspector_cbor_to_node            (const guint8 *data,
                                                      gsize length,
                                                      const char *what,
                                                      GError **error);
gboolean       _rk_inspector_read_cbor               (RkBareReader *reader,
                                                      const char *what,
                                                      JsonNode **out,
                                                      GError **error);
gboolean       _rk_inspector_read_optional_cbor      (RkBareReader *reader,
                                                      const char *what,
                                                      JsonNode **out,
                                                      GError **error);
gboolean       _rk_inspector_read_bytes              (RkBareReader *reader,
                                                      GBytes **out,
                                                      GError **error);
gboolean       _rk_inspector_read_optional_bytes     (RkBareReader *reader,
                                                      GBytes **out,
                                                      GError **error);
gboolean       _rk_inspector_read_uint_member        (RkBareReader *reader,
                                                      JsonObject *object,
                                                      const char *member,
                                                      GError **error);
gboolean       _rk_inspector_read_optional_uint_member(RkBareReader *reader,
                                                      JsonObject *object,
                                                      const char *member,
                                                      GError **error);
gboolean       _rk_inspector_read_string_member      (RkBareReader *reader,
                                                      JsonObject *object,
                                                      const char *member,
                                                      GError **error);
gboolean       _rk_inspector_read_optional_string_member(RkBareReader *reader,
                                                      JsonObject *object,
                                                      const char *member,
                                                      GError **error);
gboolean       _rk_inspector_read_bool_member        (RkBareReader *reader,
                                                      JsonObject *object,
                                                      const char *member,
                                                      GError **error);
gboolean       _rk_inspector_read_cbor_member        (RkBareReader *reader,
                                                      JsonObject *object,
                                                      const char *member,
                                                      GError **error);
gboolean       _rk_inspector_read_optional_cbor_member(RkBareReader *reader,
                                                      JsonObject *object,
                                                      const char *member,
                                                      GError **error);
JsonNode *     _rk_inspector_object_node             (JsonObject *object);
JsonNode *     _rk_inspector_array_node              (JsonArray *array);
gboolean       _rk_inspector_read_object_list        (RkBareReader *reader,
                                                      gsize min_item_size,
                                                      ReadItemFunc read_item,
                                                      JsonNode **out,
                                                      GError **error);
gboolean       _rk_inspector_read_connection         (RkBareReader *reader,
                                                      JsonObject *item,
                                                      GError **error);
gboolean       _rk_inspector_read_connections        (RkBareReader *reader,
                                                      JsonNode **out,
                                                      GError **error);
gboolean       _rk_inspector_read_string_list        (RkBareReader *reader,
                                                      char ***out,
                                                      GError **error);

G_END_DECLS
