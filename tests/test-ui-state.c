/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-state.c: the JSON tree and the state view (diffing, the JSON page, lossy saves) */

#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "rk-client.h"
#include "rk-compat.h"
#include "rk-inspector-private.h"
#include "rk-inspector.h"

#include "lens-endpoint.h"
#include "lens-json-node.h"
#include "lens-json-tree.h"
#include "lens-state-view.h"
#include "lens-util.h"
#include "lens-value-dialog.h"

#include "rk-test-ui.h"
#include "rk-test-util.h"

/* The JSON tree: diffing in place and highlighting */

static void
test_json_node (void)
{
  g_autoptr(JsonNode) first = rk_test_ui_compat ("{\"a\":1,\"b\":{\"c\":2},\"list\":[1,2,3],\"s\":"
                                      "[\"$Set\",[1]]}");
  g_autoptr(JsonNode) second = rk_test_ui_compat ("{\"a\":1,\"b\":{\"c\":3},\"list\":[1,2],\"d\":4,"
                                       "\"s\":[\"$Set\",[1]]}");
  g_autoptr(LensJsonNode) root = lens_json_node_new (first);
  g_autoptr(LensJsonNode) a = NULL;
  g_autoptr(LensJsonNode) b = NULL;
  g_autoptr(LensJsonNode) list = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(JsonNode) replacement = rk_test_ui_compat ("\"new\"");
  g_autofree char *path = NULL;
  LensJsonNode *c;

  g_assert_cmpuint (g_list_model_get_n_items (lens_json_node_get_children (root)), ==, 4);
  a = g_object_ref (rk_test_ui_child_named (root, "a"));
  b = g_object_ref (rk_test_ui_child_named (root, "b"));
  list = g_object_ref (rk_test_ui_child_named (root, "list"));
  c = rk_test_ui_child_named (b, "c");
  g_assert_nonnull (c);
  g_assert_cmpuint (g_list_model_get_n_items (lens_json_node_get_children (list)), ==, 3);

  g_assert_true (lens_json_node_update (root, second, TRUE));

  /* The same objects, updated in place; only what changed lights up. */
  g_assert_true (rk_test_ui_child_named (root, "a") == a);
  g_assert_true (rk_test_ui_child_named (root, "b") == b);
  g_assert_true (rk_test_ui_child_named (b, "c") == c);
  g_assert_false (lens_json_node_get_highlight (a));
  g_assert_true (lens_json_node_get_highlight (c));
  g_assert_true (lens_json_node_get_highlight (rk_test_ui_child_named (root, "d")));
  g_assert_cmpuint (g_list_model_get_n_items (lens_json_node_get_children (list)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (lens_json_node_get_children (root)), ==, 5);
  g_assert_false (lens_json_node_update (root, second, TRUE));

  /* Paths, and replacing a value by path in a copy of the document. */
  path = lens_json_node_dup_path (c);
  g_assert_cmpstr (path, ==, "$.b.c");
  g_assert_true (lens_json_node_get_editable (c));
  {
    g_autoptr(LensJsonNode) member = g_list_model_get_item (
      lens_json_node_get_children (rk_test_ui_child_named (root, "s")), 0);
    g_assert_false (lens_json_node_get_editable (member));
  }
  document = lens_json_deep_copy (second);
  g_assert_true (lens_json_node_replace_in (c, document, replacement));
  rk_test_ui_assert_compat (document, "{\"a\":1,\"b\":{\"c\":\"new\"},\"list\":[1,2],\"d\":4,"
                           "\"s\":[\"$Set\",[1]]}");
  rk_test_ui_assert_compat (second, "{\"a\":1,\"b\":{\"c\":3},\"list\":[1,2],\"d\":4,\"s\":[\"$Set\",[1]]}");
  rk_test_ui_assert_compat (lens_json_node_lookup (c, second), "3");
}

static void
test_json_tree (void)
{
  GtkWidget *window = gtk_window_new ();
  LensJsonTree *tree = LENS_JSON_TREE (lens_json_tree_new ());
  g_autoptr(JsonNode) state = rk_test_ui_compat ("{\"count\":1,\"messages\":[\"hi\"]}");
  g_autoptr(JsonNode) later = rk_test_ui_compat ("{\"count\":2,\"messages\":[\"hi\"]}");
  g_autoptr(JsonNode) scalar = rk_test_ui_compat ("7");
  LensJsonNode *root;

  g_object_set (tree, "highlight-changes", TRUE, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (tree));
  gtk_window_present (GTK_WINDOW (window));

  lens_json_tree_set_value (tree, state);
  root = lens_json_tree_get_root (tree);
  g_assert_cmpuint (g_list_model_get_n_items (lens_json_tree_get_rows (tree)), ==, 2);
  gtk_test_widget_wait_for_draw (window);

  lens_json_tree_set_value (tree, later);
  g_assert_true (lens_json_tree_get_root (tree) == root);
  g_assert_true (lens_json_node_get_highlight (rk_test_ui_child_named (root, "count")));
  gtk_test_widget_wait_for_draw (window);

  lens_json_tree_set_value (tree, scalar);
  g_assert_cmpuint (g_list_model_get_n_items (lens_json_tree_get_rows (tree)), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A value too large to diff at once is diffed in a thread: expanded rows
 * stay expanded, and only the value that changed lights up. */
static JsonNode *
large_value (int score)
{
  g_autoptr(GString) json = g_string_new ("{\"users\":[");

  for (int i = 0; i < 2000; i++)
    g_string_append_printf (json, "%s{\"id\":%d,\"name\":\"u%d\",\"score\":%d}", i ? "," : "",
                            i, i, i == 5 ? score : i);
  g_string_append (json, "]}");
  return rk_test_ui_compat (json->str);
}

static LensJsonNode *
row_node (LensJsonTree *tree,
          guint         position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (lens_json_tree_get_rows (tree), position);
  g_autoptr(LensJsonNode) node = gtk_tree_list_row_get_item (row);

  /* The tree holds the node */
  return node;
}

static void
test_json_tree_large (void)
{
  GtkWidget *window = gtk_window_new ();
  LensJsonTree *tree = LENS_JSON_TREE (lens_json_tree_new ());
  g_autoptr(JsonNode) first = large_value (0);
  g_autoptr(JsonNode) second = large_value (1);
  GListModel *rows = NULL;

  g_object_set (tree, "highlight-changes", TRUE, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (tree));
  gtk_window_present (GTK_WINDOW (window));
  lens_json_tree_set_value (tree, first);
  rows = lens_json_tree_get_rows (tree);

  /* "users", then users[5]: its members are rows 7 to 9 */
  gtk_tree_list_row_set_expanded (g_list_model_get_item (rows, 0), TRUE);
  g_object_unref (g_list_model_get_item (rows, 0));
  gtk_tree_list_row_set_expanded (g_list_model_get_item (rows, 6), TRUE);
  g_object_unref (g_list_model_get_item (rows, 6));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2004);
  gtk_test_widget_wait_for_draw (window);

  lens_json_tree_set_value (tree, second);
  g_assert_true (lens_json_tree_get_busy (tree));
  rk_test_wait_for (!lens_json_tree_get_busy (tree));

  g_assert_true (lens_json_tree_get_value (tree) == second);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2004);
  g_assert_cmpstr (lens_json_node_get_key (row_node (tree, 9)), ==, "score");
  g_assert_true (lens_json_node_get_highlight (row_node (tree, 9)));
  g_assert_false (lens_json_node_get_highlight (row_node (tree, 8)));
  g_assert_false (lens_json_node_get_highlight (row_node (tree, 6)));
  g_assert_false (lens_json_node_get_highlight (row_node (tree, 5)));
  g_assert_true (lens_json_node_get_value (row_node (tree, 9)) ==
                 json_object_get_member (json_node_get_object (json_array_get_element (
                   json_object_get_array_member (json_node_get_object (second), "users"), 5)),
                   "score"));
  gtk_test_widget_wait_for_draw (window);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The JSON page follows the state by lines, and editing starts from it */
static void
push_state (RkInspector *inspector,
            const char  *json,
            gboolean     init)
{
  g_autoptr(RkInspectorMessage) message = g_new0 (RkInspectorMessage, 1);

  message->kind = init ? RK_INSPECTOR_MESSAGE_INIT : RK_INSPECTOR_MESSAGE_STATE_UPDATED;
  message->version = 4;
  message->state = rk_test_ui_compat (json);
  message->is_state_enabled = TRUE;
  _rk_inspector_apply_message (inspector, message);
}

static gboolean
shows_state (LensStateView *view,
             RkInspector   *inspector)
{
  g_autofree char *text = lens_state_view_dup_text (view);
  g_autofree char *want = rk_compat_to_string (rk_inspector_get_state (inspector), TRUE);

  return g_strcmp0 (text, want) == 0;
}

static void
test_state_json_page (void)
{
  g_autoptr(LensEndpoint) endpoint = rk_test_ui_dead_endpoint ();
  g_autoptr(RkInspector) inspector = rk_inspector_new (lens_endpoint_get_client (endpoint),
                                                       "0123456789abcdef");
  GtkWidget *window = gtk_window_new ();
  LensStateView *view = LENS_STATE_VIEW (lens_state_view_new ());
  GRand *rand = g_rand_new_with_seed (7);

  g_object_set (view, "inspector", inspector, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  push_state (inspector, "{\"a\":1,\"list\":[1,2,3]}", TRUE);
  gtk_stack_set_visible_child_name (rk_test_ui_find_stack (GTK_WIDGET (view), "json"), "json");
  rk_test_wait_for (shows_state (view, inspector));

  /* Values changed, elements added and removed, among many equal lines */
  for (int round = 0; round < 40; round++)
    {
      g_autoptr(GString) json = g_string_new (NULL);
      int n = g_rand_int_range (rand, 0, 30);

      g_string_printf (json, "{\"a\":%d,\"list\":[", g_rand_int_range (rand, 0, 3));
      for (int i = 0; i < n; i++)
        g_string_append_printf (json, g_rand_boolean (rand) ? "%s%d" : "%s{\"x\":[%d]}",
                                i ? "," : "", g_rand_int_range (rand, 0, 4));
      g_string_append (json, "],\"end\":\"é\"}");
      push_state (inspector, json->str, FALSE);
      rk_test_wait_for (shows_state (view, inspector));
    }

  gtk_widget_activate_action (GTK_WIDGET (view), "state.edit", NULL);
  g_assert_true (lens_state_view_get_editing (view));
  g_assert_true (shows_state (view, inspector));
  lens_state_view_set_text (view, "{\"mine\":true}");
  gtk_widget_activate_action (GTK_WIDGET (view), "state.discard", NULL);
  g_assert_false (lens_state_view_get_editing (view));
  rk_test_wait_for (shows_state (view, inspector));

  g_rand_free (rand);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Saving over HTTP flattens BigInts and the like: the view asks first */

static AdwMessageDialog *
find_dialog (const char *heading)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        g_strcmp0 (adw_message_dialog_get_heading (l->data), heading) == 0)
      return l->data;

  return NULL;
}

/* Whether the button for @action can be clicked: the action is enabled */
static gboolean
action_enabled (GtkWidget  *widget,
                const char *action)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return gtk_widget_get_sensitive (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (action_enabled (child, action))
      return TRUE;

  return FALSE;
}

static void
test_state_save_loss (void)
{
  g_autoptr(LensEndpoint) endpoint = rk_test_ui_dead_endpoint ();
  RkClient *client = lens_endpoint_get_client (endpoint);
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, "0123456789abcdef");
  GtkWidget *window = gtk_window_new ();
  LensStateView *view = LENS_STATE_VIEW (lens_state_view_new ());
  AdwMessageDialog *dialog;
  LensValueDialog *value_dialog;
  guint64 requests;

  g_object_set (view, "inspector", inspector, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  /* Without a socket, a save is PATCH /inspector/state */
  push_state (inspector, "{\"supply\":[\"$BigInt\",\"1\"]}", TRUE);

  /* The whole document: asked, and cancelled (as Escape does) */
  gtk_widget_activate_action (GTK_WIDGET (view), "state.edit", NULL);
  requests = rk_client_get_request_count (client);
  gtk_widget_activate_action (GTK_WIDGET (view), "state.save", NULL);
  dialog = find_dialog ("Save as Plain JSON?");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "BigInt at $.supply"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "save"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_null (find_dialog ("Save as Plain JSON?"));
  g_assert_true (lens_state_view_get_editing (view));
  g_assert_cmpuint (rk_client_get_request_count (client), ==, requests);

  /* Asked again, and saved: the request goes out (and fails, no server) */
  gtk_widget_activate_action (GTK_WIDGET (view), "state.save", NULL);
  dialog = find_dialog ("Save as Plain JSON?");
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  rk_test_wait_for (rk_client_get_request_count (client) > requests);
  rk_test_wait_for (action_enabled (GTK_WIDGET (view), "state.save"));
  g_assert_true (lens_state_view_get_editing (view));
  gtk_widget_activate_action (GTK_WIDGET (view), "state.discard", NULL);

  /* One value edited from the tree: asked too */
  requests = rk_client_get_request_count (client);
  gtk_widget_activate_action (GTK_WIDGET (view), "state.edit-value", NULL);
  value_dialog = LENS_VALUE_DIALOG (rk_test_ui_find_toplevel (LENS_TYPE_VALUE_DIALOG));
  g_assert_nonnull (value_dialog);
  lens_value_dialog_set_text (value_dialog, "{\"supply\": [\"$BigInt\", \"2\"]}");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (value_dialog), "save");
  gtk_window_destroy (GTK_WINDOW (value_dialog));
  dialog = find_dialog ("Save as Plain JSON?");
  g_assert_nonnull (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_cmpuint (rk_client_get_request_count (client), ==, requests);

  /* Nothing to lose: saved without asking */
  push_state (inspector, "{\"plain\":1}", FALSE);
  gtk_widget_activate_action (GTK_WIDGET (view), "state.edit", NULL);
  gtk_widget_activate_action (GTK_WIDGET (view), "state.save", NULL);
  g_assert_null (find_dialog ("Save as Plain JSON?"));
  rk_test_wait_for (rk_client_get_request_count (client) > requests);

  gtk_window_destroy (GTK_WINDOW (window));
}

void
rk_test_ui_state_add_tests (void)
{
  g_test_add_func ("/rk/ui/json-node", test_json_node);
  g_test_add_func ("/rk/ui/json-tree", test_json_tree);
  g_test_add_func ("/rk/ui/json-tree-large", test_json_tree_large);
  g_test_add_func ("/rk/ui/state-json-page", test_state_json_page);
  g_test_add_func ("/rk/ui/state-save-loss", test_state_save_loss);
}
