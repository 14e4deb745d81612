/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-ui.h: helpers shared by the UI test files (widgets lookup, screenshots, values) */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "lens-endpoint.h"
#include "lens-json-node.h"

G_BEGIN_DECLS

GtkWidget *     rk_test_ui_find_descendant    (GtkWidget *widget,
                                               GType type);
GtkStack *      rk_test_ui_find_stack         (GtkWidget *widget,
                                               const char *page);
GtkWindow *     rk_test_ui_find_toplevel      (GType type);
JsonNode *      rk_test_ui_compat             (const char *json);
void            rk_test_ui_assert_compat      (JsonNode *node,
                                               const char *expected);
LensJsonNode *  rk_test_ui_child_named        (LensJsonNode *node,
                                               const char *key);
gboolean        rk_test_ui_any_highlight      (GListModel *rows);
GskRenderNode * rk_test_ui_snapshot_widget    (GtkWidget *widget);
void            rk_test_ui_screenshot         (GtkWidget *widget,
                                               const char *name);
LensEndpoint *  rk_test_ui_dead_endpoint      (void);
void            rk_test_ui_load_resources     (void);
void            rk_test_ui_live_add_tests     (void);
void            rk_test_ui_live_stop          (void);
void            rk_test_ui_state_add_tests    (void);

G_END_DECLS
