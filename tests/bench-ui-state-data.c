/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ui-state-data.c: bench-ui-state's large state and its STATE_UPDATED frames (see
 * bench-ui-state.c for what it measures) */

#define G_LOG_DOMAIN "bench-ui-state"

#include "config.h"

#include "rk-cbor.h"
#include "rk-compat.h"

#include "bench-ui-state-private.h"

#define LONG_STRING_CHARS 40000
#define N_LONG_STRINGS 6

/* The state: 20k users, a few long strings, counters, a BigInt, bytes and a
 * Set. Generation @gen changes a few values, as a live actor does. */

static const char *cities[] = {
  "Lisbon", "Nairobi", "Osaka", "Toronto", "Valparaíso", "Tallinn", "Hanoi", "Reykjavík",
};
static const char *roles[] = { "admin", "editor", "viewer", "guest" };

static JsonNode *
make_user (int i,
           int gen)
{
  g_autoptr(JsonObject) user = json_object_new ();
  g_autoptr(JsonObject) address = json_object_new ();
  g_autoptr(JsonArray) tags = json_array_new ();
  char buf[64];
  JsonNode *node;

  json_object_set_int_member (user, "id", i);
  if (i == 19990)
    g_snprintf (buf, sizeof buf, "Renamed %d", gen);
  else
    g_snprintf (buf, sizeof buf, "User %05d", i);
  json_object_set_string_member (user, "name", buf);
  g_snprintf (buf, sizeof buf, "user%05d@example.com", i);
  json_object_set_string_member (user, "email", buf);
  json_object_set_int_member (user, "age", 18 + i % 60);
  json_object_set_double_member (user, "score", i * 0.37 + (i == EXPANDED_USER ? gen * 1.5 : 0));
  json_object_set_boolean_member (user, "active", i % 3 != 0);
  json_object_set_string_member (user, "role", roles[i % G_N_ELEMENTS (roles)]);
  g_snprintf (buf, sizeof buf, "t%d", i % 17);
  json_array_add_string_element (tags, buf);
  g_snprintf (buf, sizeof buf, "t%d", i % 5);
  json_array_add_string_element (tags, buf);
  json_object_set_array_member (user, "tags", g_steal_pointer (&tags));
  json_object_set_string_member (address, "city", cities[i % G_N_ELEMENTS (cities)]);
  g_snprintf (buf, sizeof buf, "%05d", (i * 7919) % 100000);
  json_object_set_string_member (address, "zip", buf);
  g_snprintf (buf, sizeof buf, "%d Main Street", i % 997);
  json_object_set_string_member (address, "street", buf);
  json_object_set_object_member (user, "address", g_steal_pointer (&address));
  json_object_set_int_member (user, "lastSeen",
                              G_GINT64_CONSTANT (1700000000000) + i * 1000 +
                              (i == 12345 ? gen : 0));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&user));
  return node;
}

JsonNode *
make_state (int n_users,
            int gen)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonObject) counters = json_object_new ();
  g_autoptr(JsonObject) meta = json_object_new ();
  g_autoptr(JsonArray) users = json_array_sized_new (n_users);
  g_autoptr(JsonArray) log = json_array_new ();
  g_autoptr(JsonArray) set = json_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  guint8 raw[2048];
  JsonNode *node;

  json_object_set_int_member (meta, "version", 3);
  json_object_set_int_member (meta, "generation", gen);
  json_object_set_string_member (meta, "owner", "bench");
  json_object_set_object_member (root, "meta", g_steal_pointer (&meta));

  for (int i = 0; i < 40; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "counter%02d", i);
      json_object_set_int_member (counters, name, i * 100 + (i == 0 ? gen : 0));
    }
  json_object_set_object_member (root, "counters", g_steal_pointer (&counters));

  json_object_set_member (root, "totalSupply",
                          rk_compat_new_bigint ("123456789012345678901234567890"));
  for (guint i = 0; i < sizeof raw; i++)
    raw[i] = (guint8)(i * 31 + 7);
  bytes = g_bytes_new (raw, sizeof raw);
  json_object_set_member (root, "avatar", rk_compat_new_bytes (bytes, RK_VALUE_KIND_UINT8ARRAY));
  for (int i = 0; i < 5; i++)
    json_array_add_int_element (set, i * i);
  json_object_set_member (root, "seen", rk_compat_new_set (set));

  for (int i = 0; i < N_LONG_STRINGS; i++)
    {
      GString *text = g_string_sized_new (LONG_STRING_CHARS + 64);

      while (text->len < LONG_STRING_CHARS)
        g_string_append_printf (text, "line %" G_GSIZE_FORMAT " of log %d: all quiet. ",
                                text->len, i);
      json_array_add_string_element (log, text->str);
      g_string_free (text, TRUE);
    }
  json_object_set_array_member (root, "log", g_steal_pointer (&log));

  for (int i = 0; i < n_users; i++)
    json_array_add_element (users, make_user (i, gen));
  json_object_set_array_member (root, "users", g_steal_pointer (&users));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&root));
  return node;
}

/* A STATE_UPDATED frame as RivetKit 2.2 sends it: version 4, tag 5, then
 * the state as BARE data (a uint length and the CBOR bytes). */
GBytes *
make_frame (JsonNode *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cbor = rk_cbor_encode (state, &error);
  GByteArray *frame = g_byte_array_new ();
  gsize length = 0;
  const guint8 *data;
  guint64 n;
  guint8 byte;

  g_assert_no_error (error);
  data = g_bytes_get_data (cbor, &length);
  g_byte_array_append (frame, (const guint8 *)"\x04\x00\x05", 3);
  for (n = length; n >= 0x80; n >>= 7)
    {
      byte = (guint8)(n & 0x7f) | 0x80;
      g_byte_array_append (frame, &byte, 1);
    }
  byte = (guint8)n;
  g_byte_array_append (frame, &byte, 1);
  g_byte_array_append (frame, data, length);

  return g_byte_array_free_to_bytes (frame);
}

RkInspectorMessage *
decode_frame (GBytes *frame)
{
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (frame, &length);
  RkInspectorMessage *message = rk_inspector_message_decode (data, length, &error);

  g_assert_no_error (error);
  g_assert_true (message->kind == RK_INSPECTOR_MESSAGE_STATE_UPDATED);
  return message;
}
