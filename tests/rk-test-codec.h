/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-codec.h: hex dumps, JSON comparisons and inspector-frame decoding for the
 * codec unit tests (BARE, JSON-compat, inspector protocol) */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rk-inspector-protocol.h"

G_BEGIN_DECLS

GBytes             *rk_test_hex_to_bytes      (const char    *hex);
char               *rk_test_hex_from_data     (const guint8  *data,
                                               gsize          length);
char               *rk_test_hex_from_bytes    (GBytes        *bytes);
void                rk_test_assert_bytes      (GBytes        *bytes,
                                               const char    *expected_hex);
void                rk_test_assert_strv       (char         **strv,
                                               const char    *joined);
void                rk_test_assert_json_equal (JsonNode      *node,
                                               const char    *expected_json);
void                rk_test_assert_json_text  (JsonNode      *node,
                                               const char    *expected);
JsonNode           *rk_test_compat_parse      (const char    *text);
RkInspectorMessage *rk_test_inspector_decode  (gboolean       prefixed,
                                               guint          version,
                                               const guint8  *data,
                                               gsize          length,
                                               GError       **error);

G_END_DECLS
