/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui.c: the widgets of Actor Lens
 *
 * Without a server: every template class is built once (the only check that
 * a .ui names nothing newer than GTK 4.8 / libadwaita 1.2), and the widgets
 * with logic of their own are driven through their API.
 *
 * With RK_TEST_SERVER (2.2 or 2.3), a real RivetKit server is started and a
 * window is driven through a session: open actors, watch state change, call
 * actions, open connections, hit an edit conflict. With LENS_SCREENSHOT_DIR
 * set, each page is saved there as a PNG.
 */

#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-connection.h"
#include "rk-error.h"
#include "rk-inspector.h"

#include "lens-actions-view.h"
#include "lens-actor-page.h"
#include "lens-arg-row.h"
#include "lens-args-editor.h"
#include "lens-call-record.h"
#include "lens-call-result.h"
#include "lens-compare-dialog.h"
#include "lens-connect-window.h"
#include "lens-connection-row.h"
#include "lens-connections-view.h"
#include "lens-create-actor-dialog.h"
#include "lens-endpoint-pill.h"
#include "lens-endpoint-sidebar.h"
#include "lens-endpoint.h"
#include "lens-events-view.h"
#include "lens-json-node.h"
#include "lens-json-tree.h"
#include "lens-overview-page.h"
#include "lens-preferences-window.h"
#include "lens-queue-view.h"
#include "lens-raw-view.h"
#include "lens-sidebar-row.h"
#include "lens-snippet.h"
#include "lens-state-view.h"
#include "lens-util.h"
#include "lens-value-dialog.h"
#include "lens-window.h"

#include "rk-real-server.h"
#include "rk-test-util.h"

/* Nothing listens on port 1 of the loopback interface. */
#define DEAD_ENDPOINT "http://127.0.0.1:1"

static RkRealServer *server;

/* Helpers */

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The stack under @widget that has a page called @page. */
static GtkStack *
find_stack (GtkWidget  *widget,
            const char *page)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), page) != NULL)
    return GTK_STACK (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_stack (child, page);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static JsonNode *
compat (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = rk_compat_parse (json, -1, &error);

  g_assert_no_error (error);
  return node;
}

static void
assert_compat (JsonNode   *node,
               const char *expected)
{
  g_autoptr(JsonNode) want = compat (expected);

  if (!rk_compat_equal (node, want))
    {
      g_autofree char *got = rk_compat_to_string (node, FALSE);
      g_error ("expected %s, got %s", expected, got);
    }
}

static LensJsonNode *
child_named (LensJsonNode *node,
             const char   *key)
{
  GListModel *children = lens_json_node_get_children (node);
  guint n = children ? g_list_model_get_n_items (children) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LensJsonNode) child = g_list_model_get_item (children, i);

      if (g_strcmp0 (lens_json_node_get_key (child), key) == 0)
        return child;
    }

  return NULL;
}

static gboolean
any_highlight (GListModel *rows)
{
  guint n = g_list_model_get_n_items (rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(LensJsonNode) node = gtk_tree_list_row_get_item (row);

      if (lens_json_node_get_highlight (node))
        return TRUE;
    }

  return FALSE;
}

static GskRenderNode *
snapshot_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (snapshot);
}

/* Saves what @widget shows, if LENS_SCREENSHOT_DIR says where. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("LENS_SCREENSHOT_DIR");
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || dir[0] == '\0')
    return;

  gtk_test_widget_wait_for_draw (widget);
  rk_test_run_for (300);

  /* A frame may not be ready yet for a window that just mapped. */
  rk_test_wait_for ((node = snapshot_widget (widget)) != NULL);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0,
                                                              gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));

  file = g_strdup_printf ("%s.png", name);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s (%dx%d)", path, gdk_texture_get_width (texture),
                  gdk_texture_get_height (texture));
}

static LensEndpoint *
dead_endpoint (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkClient) client = rk_client_new (DEAD_ENDPOINT, NULL, NULL, &error);

  g_assert_no_error (error);
  return lens_endpoint_new (client);
}

/* Every template class, once */

static void
test_templates (void)
{
  g_autoptr(LensEndpoint) endpoint = dead_endpoint ();
  RkClient *client = lens_endpoint_get_client (endpoint);
  g_autoptr(RkConnection) connection = rk_client_connect (client, "0123456789abcdef", NULL);
  g_autoptr(GListStore) types = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(JsonNode) value = compat ("{\"a\":1}");
  GType widgets[] = {
    LENS_TYPE_ACTIONS_VIEW,
    LENS_TYPE_ACTOR_PAGE,
    LENS_TYPE_ARG_ROW,
    LENS_TYPE_ARGS_EDITOR,
    LENS_TYPE_CALL_RESULT,
    LENS_TYPE_CONNECTIONS_VIEW,
    LENS_TYPE_ENDPOINT_PILL,
    LENS_TYPE_ENDPOINT_SIDEBAR,
    LENS_TYPE_EVENTS_VIEW,
    LENS_TYPE_JSON_TREE,
    LENS_TYPE_OVERVIEW_PAGE,
    LENS_TYPE_QUEUE_VIEW,
    LENS_TYPE_RAW_VIEW,
    LENS_TYPE_SIDEBAR_ROW,
    LENS_TYPE_STATE_VIEW,
  };
  GtkWidget *windows[7];

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    {
      GtkWidget *widget = g_object_ref_sink (g_object_new (widgets[i], NULL));

      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (widget, widgets[i]));
      g_object_unref (widget);
    }

  {
    GtkWidget *row = g_object_ref_sink (lens_connection_row_new (connection, 1));
    g_assert_true (lens_connection_row_get_connection (LENS_CONNECTION_ROW (row)) == connection);
    g_object_unref (row);
  }

  windows[0] = GTK_WIDGET (g_object_new (LENS_TYPE_WINDOW, "endpoint", endpoint, NULL));
  windows[1] = lens_connect_window_new (NULL);
  windows[2] = lens_preferences_window_new (NULL);
  windows[3] = lens_create_actor_dialog_new (NULL, client, G_LIST_MODEL (types), NULL);
  windows[4] = lens_value_dialog_new (NULL, "$.a", value);
  windows[5] = lens_compare_dialog_new (NULL, "Heading", "Body", value, value);
  windows[6] = GTK_WIDGET (g_object_new (GTK_TYPE_WINDOW, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    {
      gtk_window_present (GTK_WINDOW (windows[i]));
      gtk_test_widget_wait_for_draw (windows[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    gtk_window_destroy (GTK_WINDOW (windows[i]));

  /* The shortcuts window that AdwApplication loads from the resources. */
  {
    g_autoptr(GtkBuilder) builder =
      gtk_builder_new_from_resource ("/io/github/actorlens/ActorLens/gtk/help-overlay.ui");
    GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

    g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
    gtk_window_destroy (GTK_WINDOW (overlay));
  }
}

/* Argument rows and the arguments editor */

static void
test_arg_row (void)
{
  static const struct {
    LensArgKind kind;
    const char *text;
    const char *expected;
  } cases[] = {
    { LENS_ARG_KIND_STRING, "hello", "\"hello\"" },
    { LENS_ARG_KIND_STRING, "42", "\"42\"" },
    { LENS_ARG_KIND_NUMBER, " 42 ", "42" },
    { LENS_ARG_KIND_NUMBER, "-3.5", "-3.5" },
    { LENS_ARG_KIND_NUMBER, "1e3", "1000" },
    { LENS_ARG_KIND_NUMBER, "abc", NULL },
    { LENS_ARG_KIND_NUMBER, "", NULL },
    { LENS_ARG_KIND_NUMBER, "inf", NULL },
    { LENS_ARG_KIND_BIGINT, "123456789012345678901", "[\"$BigInt\",\"123456789012345678901\"]" },
    { LENS_ARG_KIND_BIGINT, "1.5", NULL },
    { LENS_ARG_KIND_NULL, "ignored", "null" },
    { LENS_ARG_KIND_JSON, "{\"a\": [1, true]}", "{\"a\":[1,true]}" },
    { LENS_ARG_KIND_JSON, "[\"$BigInt\",\"7\"]", "[\"$BigInt\",\"7\"]" },
    { LENS_ARG_KIND_JSON, "{", NULL },
  };
  GtkWidget *row = g_object_ref_sink (lens_arg_row_new ());

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      lens_arg_row_set_kind (LENS_ARG_ROW (row), cases[i].kind);
      lens_arg_row_set_text (LENS_ARG_ROW (row), cases[i].text);
      node = lens_arg_row_dup_value (LENS_ARG_ROW (row), &error);

      if (cases[i].expected == NULL)
        {
          g_assert_null (node);
          g_assert_nonnull (error);
          g_assert_false (lens_arg_row_get_valid (LENS_ARG_ROW (row)));
        }
      else
        {
          g_assert_no_error (error);
          assert_compat (node, cases[i].expected);
          g_assert_true (lens_arg_row_get_valid (LENS_ARG_ROW (row)));
        }
    }

  /* Values pick the type that fits. */
  {
    static const struct {
      const char *value;
      LensArgKind kind;
    } values[] = {
      { "\"x\"", LENS_ARG_KIND_STRING },
      { "3", LENS_ARG_KIND_NUMBER },
      { "[\"$BigInt\",\"99\"]", LENS_ARG_KIND_BIGINT },
      { "false", LENS_ARG_KIND_BOOLEAN },
      { "null", LENS_ARG_KIND_NULL },
      { "[1,2]", LENS_ARG_KIND_JSON },
      { "[\"$Uint8Array\",\"AQI=\"]", LENS_ARG_KIND_JSON },
    };

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        g_autoptr(JsonNode) value = compat (values[i].value);
        g_autoptr(JsonNode) back = NULL;

        lens_arg_row_set_value (LENS_ARG_ROW (row), value);
        g_assert_cmpint (lens_arg_row_get_kind (LENS_ARG_ROW (row)), ==, values[i].kind);
        back = lens_arg_row_dup_value (LENS_ARG_ROW (row), NULL);
        g_assert_true (rk_compat_equal (back, value));
      }
  }

  g_object_unref (row);
}

static void
test_args_editor (void)
{
  GtkWidget *window = gtk_window_new ();
  LensArgsEditor *editor = LENS_ARGS_EDITOR (lens_args_editor_new ());
  g_autoptr(JsonNode) initial = compat ("[5,\"two\",[\"$BigInt\",\"9007199254740993\"],null]");
  g_autoptr(JsonNode) args = NULL;
  g_autoptr(GError) error = NULL;
  GtkSourceView *raw;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (editor));
  gtk_window_present (GTK_WINDOW (window));

  lens_args_editor_set_args (editor, initial);
  g_assert_cmpuint (lens_args_editor_get_n_args (editor), ==, 4);
  g_assert_cmpstr (lens_args_editor_get_mode (editor), ==, "form");
  args = lens_args_editor_dup_args (editor, &error);
  g_assert_no_error (error);
  g_assert_true (rk_compat_equal (args, initial));
  g_clear_pointer (&args, json_node_unref);

  /* Form → JSON → form keeps every value and its type. */
  g_assert_true (lens_args_editor_set_mode (editor, "json"));
  args = lens_args_editor_dup_args (editor, &error);
  g_assert_no_error (error);
  g_assert_true (rk_compat_equal (args, initial));
  g_clear_pointer (&args, json_node_unref);
  g_assert_true (lens_args_editor_set_mode (editor, "form"));
  g_assert_cmpuint (lens_args_editor_get_n_args (editor), ==, 4);
  args = lens_args_editor_dup_args (editor, &error);
  g_assert_no_error (error);
  g_assert_true (rk_compat_equal (args, initial));
  g_clear_pointer (&args, json_node_unref);

  /* Raw text that is not an array cannot become a form: the switch is refused. */
  g_assert_true (lens_args_editor_set_mode (editor, "json"));
  raw = GTK_SOURCE_VIEW (find_descendant (GTK_WIDGET (editor), GTK_SOURCE_TYPE_VIEW));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (raw)), "{\"a\":1}", -1);
  g_assert_false (lens_args_editor_get_valid (editor));
  g_assert_false (lens_args_editor_set_mode (editor, "form"));
  g_assert_cmpstr (lens_args_editor_get_mode (editor), ==, "json");
  args = lens_args_editor_dup_args (editor, &error);
  g_assert_null (args);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* An invalid row cannot become JSON either. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (raw)), "[1]", -1);
  g_assert_true (lens_args_editor_set_mode (editor, "form"));
  lens_args_editor_add_arg (editor);
  {
    GtkListBox *rows = GTK_LIST_BOX (find_descendant (GTK_WIDGET (editor), GTK_TYPE_LIST_BOX));
    guint n = lens_args_editor_get_n_args (editor);
    LensArgRow *row = LENS_ARG_ROW (gtk_list_box_get_row_at_index (rows, n - 1));

    g_assert_cmpuint (n, ==, 2);
    lens_arg_row_set_kind (row, LENS_ARG_KIND_NUMBER);
    lens_arg_row_set_text (row, "nope");
  }
  g_assert_false (lens_args_editor_get_valid (editor));
  g_assert_false (lens_args_editor_set_mode (editor, "json"));
  g_assert_cmpstr (lens_args_editor_get_mode (editor), ==, "form");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The JSON tree: diffing in place and highlighting */

static void
test_json_node (void)
{
  g_autoptr(JsonNode) first = compat ("{\"a\":1,\"b\":{\"c\":2},\"list\":[1,2,3],\"s\":"
                                      "[\"$Set\",[1]]}");
  g_autoptr(JsonNode) second = compat ("{\"a\":1,\"b\":{\"c\":3},\"list\":[1,2],\"d\":4,"
                                       "\"s\":[\"$Set\",[1]]}");
  g_autoptr(LensJsonNode) root = lens_json_node_new (first);
  g_autoptr(LensJsonNode) a = NULL;
  g_autoptr(LensJsonNode) b = NULL;
  g_autoptr(LensJsonNode) list = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(JsonNode) replacement = compat ("\"new\"");
  g_autofree char *path = NULL;
  LensJsonNode *c;

  g_assert_cmpuint (g_list_model_get_n_items (lens_json_node_get_children (root)), ==, 4);
  a = g_object_ref (child_named (root, "a"));
  b = g_object_ref (child_named (root, "b"));
  list = g_object_ref (child_named (root, "list"));
  c = child_named (b, "c");
  g_assert_nonnull (c);
  g_assert_cmpuint (g_list_model_get_n_items (lens_json_node_get_children (list)), ==, 3);

  g_assert_true (lens_json_node_update (root, second, TRUE));

  /* The same objects, updated in place; only what changed lights up. */
  g_assert_true (child_named (root, "a") == a);
  g_assert_true (child_named (root, "b") == b);
  g_assert_true (child_named (b, "c") == c);
  g_assert_false (lens_json_node_get_highlight (a));
  g_assert_true (lens_json_node_get_highlight (c));
  g_assert_true (lens_json_node_get_highlight (child_named (root, "d")));
  g_assert_cmpuint (g_list_model_get_n_items (lens_json_node_get_children (list)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (lens_json_node_get_children (root)), ==, 5);
  g_assert_false (lens_json_node_update (root, second, TRUE));

  /* Paths, and replacing a value by path in a copy of the document. */
  path = lens_json_node_dup_path (c);
  g_assert_cmpstr (path, ==, "$.b.c");
  g_assert_true (lens_json_node_get_editable (c));
  {
    g_autoptr(LensJsonNode) member = g_list_model_get_item (
      lens_json_node_get_children (child_named (root, "s")), 0);
    g_assert_false (lens_json_node_get_editable (member));
  }
  document = lens_json_deep_copy (second);
  g_assert_true (lens_json_node_replace_in (c, document, replacement));
  assert_compat (document, "{\"a\":1,\"b\":{\"c\":\"new\"},\"list\":[1,2],\"d\":4,"
                           "\"s\":[\"$Set\",[1]]}");
  assert_compat (second, "{\"a\":1,\"b\":{\"c\":3},\"list\":[1,2],\"d\":4,\"s\":[\"$Set\",[1]]}");
  assert_compat (lens_json_node_lookup (c, second), "3");
}

static void
test_json_tree (void)
{
  GtkWidget *window = gtk_window_new ();
  LensJsonTree *tree = LENS_JSON_TREE (lens_json_tree_new ());
  g_autoptr(JsonNode) state = compat ("{\"count\":1,\"messages\":[\"hi\"]}");
  g_autoptr(JsonNode) later = compat ("{\"count\":2,\"messages\":[\"hi\"]}");
  g_autoptr(JsonNode) scalar = compat ("7");
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
  g_assert_true (lens_json_node_get_highlight (child_named (root, "count")));
  gtk_test_widget_wait_for_draw (window);

  lens_json_tree_set_value (tree, scalar);
  g_assert_cmpuint (g_list_model_get_n_items (lens_json_tree_get_rows (tree)), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Snippets */

static void
test_snippets (void)
{
  g_autoptr(JsonNode) args = compat ("[5,\"it's\",[\"$BigInt\",\"12\"],"
                                     "[\"$Uint8Array\",\"AQI=\"]]");
  g_autoptr(JsonNode) params = json_from_string ("{\"token\":\"secret\"}", NULL);
  g_autoptr(JsonNode) input = compat ("{\"hello\":\"world\"}");
  const char *key[] = { "main", NULL };
  const char *two_parts[] = { "org", "room", NULL };
  g_autofree char *curl = NULL;
  g_autofree char *ts = NULL;
  g_autofree char *create = NULL;
  g_autofree char *create_two = NULL;
  g_autofree char *js = lens_snippet_js_value (args);

  g_assert_cmpstr (js, ==, "[5, \"it's\", 12n, new Uint8Array([1, 2])]");

  curl = lens_snippet_curl ("http://127.0.0.1:6420", TRUE, "abc", "send message", args, params);
  g_assert_nonnull (strstr (curl, "'http://127.0.0.1:6420/gateway/abc/action/send%20message'"));
  g_assert_nonnull (strstr (curl, "x-rivet-encoding: json"));
  g_assert_nonnull (strstr (curl, "x-rivet-conn-params: {\"token\":\"secret\"}"));
  g_assert_nonnull (strstr (curl, "$RIVET_TOKEN"));
  /* The quote in the argument survives the shell. */
  g_assert_nonnull (strstr (curl, "it'\\''s"));

  ts = lens_snippet_typescript ("http://127.0.0.1:6420", "default", FALSE, "counter", key, "abc",
                                "increment", args, NULL);
  g_assert_nonnull (strstr (ts, "createClient<typeof registry>(\"http://127.0.0.1:6420\")"));
  g_assert_nonnull (strstr (ts, "client.counter.getOrCreate(\"main\")"));
  g_assert_nonnull (strstr (ts, "actor.increment(5, \"it's\", 12n, new Uint8Array([1, 2]))"));
  g_assert_null (strstr (ts, "token"));

  create = lens_snippet_create ("chatRoom", key, input, TRUE);
  g_assert_cmpstr (create, ==,
                   "const handle = client.chatRoom.getOrCreate(\"main\", "
                   "{ createWithInput: { hello: \"world\" } });");
  create_two = lens_snippet_create ("my-type", two_parts, NULL, FALSE);
  g_assert_cmpstr (create_two, ==,
                   "const handle = await client[\"my-type\"].create([\"org\",\"room\"]);");
}

/* Reachability, diagnosis, dialogs */

static void
test_endpoint_unreachable (void)
{
  g_autoptr(LensEndpoint) endpoint = dead_endpoint ();
  LensWindow *window = g_object_new (LENS_TYPE_WINDOW, "endpoint", endpoint, NULL);
  GtkWidget *pill = find_descendant (GTK_WIDGET (window), LENS_TYPE_ENDPOINT_PILL);
  GtkWidget *sidebar = find_descendant (GTK_WIDGET (window), LENS_TYPE_ENDPOINT_SIDEBAR);
  GtkStack *stack = find_stack (sidebar, "unreachable");

  gtk_window_present (GTK_WINDOW (window));
  rk_test_wait_for (lens_endpoint_get_status (endpoint) == LENS_ENDPOINT_STATUS_UNREACHABLE);

  g_assert_nonnull (strstr (lens_endpoint_get_error_message (endpoint),
                            "Is the RivetKit server running?"));
  g_assert_true (gtk_widget_has_css_class (pill, "unreachable"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "unreachable");
  g_assert_null (lens_endpoint_sidebar_get_selected_actor (LENS_ENDPOINT_SIDEBAR (sidebar)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_connect_window (void)
{
  g_autoptr(LensEndpoint) endpoint = dead_endpoint ();
  LensConnectWindow *window = LENS_CONNECT_WINDOW (lens_connect_window_new (NULL));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_null (lens_connect_window_get_diagnosis (window));

  lens_connect_window_set_client (window, lens_endpoint_get_client (endpoint));
  lens_connect_window_connect (window);
  rk_test_wait_for (lens_connect_window_get_diagnosis (window) != NULL);
  g_assert_cmpstr (lens_connect_window_get_diagnosis (window), ==, "Can’t Reach the Server");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_create_dialog (void)
{
  g_autoptr(LensEndpoint) endpoint = dead_endpoint ();
  g_autoptr(GListStore) types = g_list_store_new (G_TYPE_OBJECT);
  const char *key[] = { "org", "room 1", NULL };
  LensCreateActorDialog *dialog;
  g_auto(GStrv) got = NULL;
  g_autofree char *snippet = NULL;

  dialog = LENS_CREATE_ACTOR_DIALOG (
    lens_create_actor_dialog_new (NULL, lens_endpoint_get_client (endpoint),
                                  G_LIST_MODEL (types), NULL));
  gtk_window_present (GTK_WINDOW (dialog));

  /* A fresh random key to start with, like the web inspector. */
  got = lens_create_actor_dialog_dup_key (dialog);
  g_assert_cmpuint (g_strv_length (got), ==, 1);
  g_assert_true (g_str_has_prefix (got[0], "actor-"));
  g_clear_pointer (&got, g_strfreev);

  lens_create_actor_dialog_set_key (dialog, key);
  lens_create_actor_dialog_set_input (dialog, "{\"n\": 1}");
  got = lens_create_actor_dialog_dup_key (dialog);
  g_assert_cmpstrv (got, key);
  snippet = lens_create_actor_dialog_dup_snippet (dialog);
  g_assert_nonnull (strstr (snippet, "getOrCreate([\"org\",\"room 1\"], "
                                     "{ createWithInput: { n: 1 } })"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_value_dialog (void)
{
  g_autoptr(JsonNode) value = compat ("{\"n\":[\"$BigInt\",\"5\"]}");
  LensValueDialog *dialog = LENS_VALUE_DIALOG (lens_value_dialog_new (NULL, "$.x", value));
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  back = lens_value_dialog_dup_value (dialog, &error);
  g_assert_no_error (error);
  g_assert_true (rk_compat_equal (back, value));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));

  lens_value_dialog_set_text (dialog, "{oops");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  g_clear_pointer (&back, json_node_unref);
  back = lens_value_dialog_dup_value (dialog, &error);
  g_assert_null (back);
  g_assert_nonnull (error);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_call_result (void)
{
  GtkWidget *window = gtk_window_new ();
  LensCallResult *result = LENS_CALL_RESULT (lens_call_result_new ());
  g_autoptr(JsonNode) args = compat ("[1]");
  g_autoptr(JsonNode) output = compat ("{\"ok\":true}");
  g_autoptr(LensCallRecord) ok = lens_call_record_new (1, "increment", args, "HTTP");
  g_autoptr(LensCallRecord) failed = lens_call_record_new (2, "boom", args, "HTTP");
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Too slow");
  g_autofree char *title = lens_call_record_dup_title (ok);
  g_autofree char *summary = NULL;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (result));
  gtk_window_present (GTK_WINDOW (window));

  g_assert_cmpstr (title, ==, "increment(1)");
  lens_call_result_set_record (result, ok);
  g_assert_true (lens_call_record_get_pending (ok));
  lens_call_record_finish (ok, output, NULL);
  g_assert_false (lens_call_record_get_pending (ok));
  g_assert_cmpint (lens_call_record_get_latency (ok), >=, 0);
  g_assert_nonnull (find_descendant (GTK_WIDGET (result), LENS_TYPE_JSON_TREE));
  gtk_test_widget_wait_for_draw (window);

  lens_call_record_finish (failed, NULL, error);
  lens_call_result_set_record (result, failed);
  summary = lens_call_record_dup_summary (failed);
  g_assert_nonnull (strstr (summary, "Too slow"));
  gtk_test_widget_wait_for_draw (window);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Against a real server */

typedef struct
{
  RkClient *client;
  LensEndpoint *endpoint;
  LensWindow *window;
  LensEndpointSidebar *sidebar;
  LensActorPage *page;
} Session;

static RkActor *
get_or_create (RkClient   *client,
               const char *name,
               const char *key)
{
  const char *parts[] = { key, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RkActor *actor;

  rk_client_get_or_create_actor_async (client, name, parts, NULL, NULL,
                                       rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  actor = rk_client_get_or_create_actor_finish (client, result, NULL, &error);
  g_assert_no_error (error);
  return actor;
}

static void
call (RkClient   *client,
      RkActor    *actor,
      const char *action,
      const char *args_json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) args = compat (args_json);
  g_autoptr(JsonNode) output = NULL;

  rk_client_action_async (client, rk_actor_get_id (actor), action, args, NULL, NULL,
                          rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  output = rk_client_action_finish (client, result, &error);
  g_assert_no_error (error);
}

static gint64
state_count (LensActorPage *page)
{
  RkInspector *inspector = lens_actor_page_get_inspector (page);
  JsonNode *state = inspector ? rk_inspector_get_state (inspector) : NULL;

  if (state == NULL || !JSON_NODE_HOLDS_OBJECT (state))
    return -1;
  return json_object_get_int_member_with_default (json_node_get_object (state), "count", -1);
}

static void
open_actor (Session    *session,
            const char *name,
            const char *key,
            RkActor    *actor)
{
  const char *parts[] = { key, NULL };
  RkActor *selected;

  lens_window_reveal_actor (session->window, name, parts);
  rk_test_wait_for ((selected = lens_endpoint_sidebar_get_selected_actor (session->sidebar)) &&
                    g_str_equal (rk_actor_get_id (selected), rk_actor_get_id (actor)));
  rk_test_wait_for (lens_actor_page_get_actor (session->page) == selected);
  rk_test_wait_for (lens_actor_page_get_inspector (session->page) != NULL &&
                    rk_inspector_get_loaded (lens_actor_page_get_inspector (session->page)));
}

static void
show_page (Session    *session,
           const char *name)
{
  gtk_widget_activate_action (GTK_WIDGET (session->window), "win.show-page", "s", name);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
                     lens_actor_page_get_view_stack (session->page)), ==, name);
}

static void
session_start (Session *session)
{
  g_autoptr(GError) error = NULL;

  session->client = rk_client_new (rk_real_server_get_endpoint (server), NULL, NULL, &error);
  g_assert_no_error (error);
  session->endpoint = lens_endpoint_new (session->client);
  session->window = g_object_new (LENS_TYPE_WINDOW,
                                  "endpoint", session->endpoint,
                                  NULL);
  gtk_window_set_default_size (GTK_WINDOW (session->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (session->window));
  session->sidebar = LENS_ENDPOINT_SIDEBAR (find_descendant (GTK_WIDGET (session->window),
                                                             LENS_TYPE_ENDPOINT_SIDEBAR));
  session->page = LENS_ACTOR_PAGE (find_descendant (GTK_WIDGET (session->window),
                                                    LENS_TYPE_ACTOR_PAGE));
  rk_test_wait_for (lens_endpoint_get_status (session->endpoint) ==
                    LENS_ENDPOINT_STATUS_CONNECTED);
}

static void
session_stop (Session *session)
{
  gtk_window_destroy (GTK_WINDOW (session->window));
  g_clear_object (&session->endpoint);
  g_clear_object (&session->client);
}

static void
test_live_state_and_actions (void)
{
  Session session = { 0 };
  g_autofree char *key = rk_test_unique_key ("ui");
  g_autoptr(RkActor) counter = NULL;
  g_autoptr(JsonNode) args = compat ("[5]");
  LensStateView *state_view;
  LensActionsView *actions_view;
  LensJsonTree *tree;
  LensCallRecord *record;
  GListModel *history;
  GtkWindow *compare;

  session_start (&session);
  counter = get_or_create (session.client, "counter", key);
  call (session.client, counter, "increment", "[3]");
  open_actor (&session, "counter", key, counter);
  rk_test_wait_for (state_count (session.page) == 3);
  screenshot (GTK_WIDGET (session.window), "overview");

  /* State: pushed live, diffed into the tree, changed value lit up. */
  show_page (&session, "state");
  state_view = LENS_STATE_VIEW (find_descendant (GTK_WIDGET (session.page), LENS_TYPE_STATE_VIEW));
  tree = LENS_JSON_TREE (find_descendant (GTK_WIDGET (state_view), LENS_TYPE_JSON_TREE));
  rk_test_wait_for (lens_json_tree_get_value (tree) != NULL);
  call (session.client, counter, "increment", "[38]");
  rk_test_wait_for (state_count (session.page) == 41);
  rk_test_wait_for (child_named (lens_json_tree_get_root (tree), "count") != NULL &&
                    lens_json_node_get_highlight (child_named (lens_json_tree_get_root (tree),
                                                               "count")));

  /* Actions: typed arguments, HTTP call, result, history. */
  show_page (&session, "actions");
  actions_view = LENS_ACTIONS_VIEW (find_descendant (GTK_WIDGET (session.page),
                                                     LENS_TYPE_ACTIONS_VIEW));
  lens_actions_view_set_action (actions_view, "increment");
  g_assert_cmpstr (lens_actions_view_get_action (actions_view), ==, "increment");
  lens_args_editor_set_args (lens_actions_view_get_args_editor (actions_view), args);
  gtk_widget_activate_action (GTK_WIDGET (actions_view), "actions.invoke", NULL);
  history = lens_actions_view_get_history (actions_view);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);
  record = g_list_model_get_item (history, 0);
  g_object_unref (record);
  rk_test_wait_for (!lens_call_record_get_pending (record));
  g_assert_null (lens_call_record_get_error (record));
  assert_compat (lens_call_record_get_output (record), "46");
  rk_test_wait_for (state_count (session.page) == 46);
  screenshot (GTK_WIDGET (session.window), "actions");

  /* Editing the whole state while the server moves on: a conflict, never a
   * silent overwrite. */
  show_page (&session, "state");
  gtk_widget_activate_action (GTK_WIDGET (state_view), "state.edit", NULL);
  g_assert_true (lens_state_view_get_editing (state_view));
  lens_state_view_set_text (state_view, "{\n  \"count\": 1000\n}");
  call (session.client, counter, "increment", "[1]");
  rk_test_wait_for (state_count (session.page) == 47);
  rk_test_wait_for (lens_state_view_get_conflicted (state_view));
  screenshot (GTK_WIDGET (session.window), "state-conflict");

  gtk_widget_activate_action (GTK_WIDGET (state_view), "state.save", NULL);
  rk_test_wait_for ((compare = find_toplevel (LENS_TYPE_COMPARE_DIALOG)) != NULL);
  screenshot (GTK_WIDGET (compare), "state-compare");
  g_assert_cmpint (state_count (session.page), ==, 47);

  /* Choosing "mine" saves it. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (compare), "mine");
  rk_test_wait_for (state_count (session.page) == 1000);
  rk_test_wait_for (!lens_state_view_get_editing (state_view));

  session_stop (&session);
}

static void
test_live_errors (void)
{
  Session session = { 0 };
  g_autofree char *key = rk_test_unique_key ("ui");
  g_autoptr(RkActor) thrower = NULL;
  LensActionsView *actions_view;
  LensCallRecord *record;
  const GError *error;

  session_start (&session);
  thrower = get_or_create (session.client, "thrower", key);
  open_actor (&session, "thrower", key, thrower);
  show_page (&session, "actions");
  actions_view = LENS_ACTIONS_VIEW (find_descendant (GTK_WIDGET (session.page),
                                                     LENS_TYPE_ACTIONS_VIEW));
  lens_actions_view_set_action (actions_view, "userErrorMeta");
  lens_actions_view_invoke (actions_view);
  record = g_list_model_get_item (lens_actions_view_get_history (actions_view), 0);
  g_object_unref (record);
  rk_test_wait_for (!lens_call_record_get_pending (record));

  error = lens_call_record_get_error (record);
  g_assert_nonnull (error);
  g_assert_cmpstr (rk_error_get_group (error), ==, "user");
  g_assert_cmpstr (rk_error_get_code (error), ==, "custom_code");
  screenshot (GTK_WIDGET (session.window), "actions-error");

  session_stop (&session);
}

static void
test_live_connections (void)
{
  Session session = { 0 };
  g_autofree char *key = rk_test_unique_key ("ui");
  g_autoptr(RkActor) room = NULL;
  g_autoptr(GError) error = NULL;
  LensConnectionsView *view;
  GListModel *connections;
  g_autoptr(RkConnection) alice = NULL;
  g_autoptr(RkConnection) bob = NULL;

  session_start (&session);
  room = get_or_create (session.client, "chatRoom", key);
  call (session.client, room, "sendMessage", "[\"hello from the test\"]");
  open_actor (&session, "chatRoom", key, room);
  show_page (&session, "connections");
  view = LENS_CONNECTIONS_VIEW (find_descendant (GTK_WIDGET (session.page),
                                                 LENS_TYPE_CONNECTIONS_VIEW));
  connections = lens_actor_page_get_connections (session.page);

  g_assert_false (lens_connections_view_open (view, "{not json", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (lens_connections_view_open (view, "{\"username\":\"alice\"}", &error));
  g_assert_no_error (error);
  g_assert_true (lens_connections_view_open (view, "{\"username\":\"bob\"}", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 2);
  alice = g_list_model_get_item (connections, 0);
  bob = g_list_model_get_item (connections, 1);
  rk_test_wait_for (rk_connection_get_status (alice) == RK_CONNECTION_STATUS_CONNECTED &&
                    rk_connection_get_status (bob) == RK_CONNECTION_STATUS_CONNECTED);
  rk_test_wait_for (lens_connections_view_get_n_actor_connections (view) == 2);

  /* Bob leaves: the actor's list shrinks and the log says so. */
  rk_connection_close (bob);
  rk_test_wait_for (lens_connections_view_get_n_actor_connections (view) == 1);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_descendant (GTK_WIDGET (view),
                                                                    LENS_TYPE_CONNECTION_ROW)),
                                 TRUE);
  screenshot (GTK_WIDGET (session.window), "connections");

  /* Changing the actor closes the page's connections. */
  lens_actor_page_set_actor (session.page, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 0);
  g_assert_cmpint (rk_connection_get_status (alice), ==, RK_CONNECTION_STATUS_DISCONNECTED);

  session_stop (&session);
}

static void
test_live_events (void)
{
  Session session = { 0 };
  g_autofree char *key = rk_test_unique_key ("ui");
  g_autoptr(RkActor) room = NULL;
  LensEventsView *view;
  RkEventLog *log;
  GListModel *connections;
  g_autoptr(RkConnection) connection = NULL;
  GtkColumnView *column_view;

  session_start (&session);
  room = get_or_create (session.client, "chatRoom", key);
  open_actor (&session, "chatRoom", key, room);
  show_page (&session, "events");
  view = LENS_EVENTS_VIEW (find_descendant (GTK_WIDGET (session.page), LENS_TYPE_EVENTS_VIEW));
  log = lens_events_view_get_log (view);
  connections = lens_actor_page_get_connections (session.page);

  /* Subscriptions apply to connections opened later, too. */
  lens_events_view_subscribe (view, "messageReceived");
  lens_events_view_subscribe (view, "joined");
  lens_events_view_subscribe (view, "joined");
  g_assert_cmpuint (g_strv_length ((char **)lens_events_view_get_subscriptions (view)), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (view), "event-log.open-connection", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 1);
  connection = g_list_model_get_item (connections, 0);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED);
  g_assert_true (rk_connection_is_subscribed (connection, "messageReceived"));

  call (session.client, room, "sendMessage", "[\"first\"]");
  call (session.client, room, "sendMessage", "[\"second, with a longer text\"]");
  rk_test_wait_for (rk_event_log_get_n_events (log) >= 2);
  rk_test_wait_for (g_list_model_get_n_items (G_LIST_MODEL (log)) >= 2);

  /* Select the first event for the details pane. */
  column_view = GTK_COLUMN_VIEW (find_descendant (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW));
  gtk_selection_model_select_item (gtk_column_view_get_model (column_view), 0, TRUE);
  screenshot (GTK_WIDGET (session.window), "events");

  lens_events_view_unsubscribe (view, "joined");
  g_assert_cmpuint (g_strv_length ((char **)lens_events_view_get_subscriptions (view)), ==, 1);
  g_assert_false (rk_connection_is_subscribed (connection, "joined"));

  /* Paused: events are still recorded, but held back from the list. */
  gtk_widget_activate_action (GTK_WIDGET (view), "event-log.paused", NULL);
  g_assert_true (rk_event_log_get_paused (log));
  call (session.client, room, "sendMessage", "[\"while paused\"]");
  rk_test_wait_for (rk_event_log_get_pending (log) >= 1);
  gtk_widget_activate_action (GTK_WIDGET (view), "event-log.paused", NULL);
  g_assert_false (rk_event_log_get_paused (log));
  rk_test_wait_for (rk_event_log_get_pending (log) == 0);

  /* The state of a chat room, with the newest message lit up. */
  show_page (&session, "state");
  {
    LensJsonTree *tree = LENS_JSON_TREE (find_descendant (GTK_WIDGET (session.page),
                                                         LENS_TYPE_JSON_TREE));
    g_autoptr(GtkTreeListRow) messages = NULL;

    g_object_set (tree, "autoexpand", TRUE, NULL);
    rk_test_wait_for (g_list_model_get_n_items (lens_json_tree_get_rows (tree)) >= 1);
    messages = g_list_model_get_item (lens_json_tree_get_rows (tree), 0);
    gtk_tree_list_row_set_expanded (messages, TRUE);
    /* Earlier messages light up too as they arrive; let that fade first. */
    rk_test_wait_for (!any_highlight (lens_json_tree_get_rows (tree)));
    call (session.client, room, "sendMessage", "[\"and one more, lit up as it arrives\"]");
    rk_test_wait_for (g_list_model_get_n_items (lens_json_tree_get_rows (tree)) >= 13);
    screenshot (GTK_WIDGET (session.window), "state");
  }

  session_stop (&session);
}

static gboolean
refresh_cb (gpointer user_data)
{
  gtk_widget_activate_action (GTK_WIDGET (user_data), "win.refresh", NULL);
  return G_SOURCE_CONTINUE;
}

static RkActorStatus
fetch_status (RkClient   *client,
              const char *actor_id)
{
  const char *ids[] = { actor_id, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;

  rk_client_get_actors_by_ids_async (client, ids, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  found = rk_client_get_actors_by_ids_finish (client, result, &error);

  /* 2.2 answers the look-up with actor.stopping while the actor goes to sleep. */
  if (rk_error_matches (error, "actor", "stopping"))
    return RK_ACTOR_STATUS_PENDING;

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  return rk_actor_get_status (g_ptr_array_index (found, 0));
}

static void
wait_until_sleeping (RkClient   *client,
                     const char *actor_id)
{
  gint64 deadline = g_get_monotonic_time () + G_GINT64_CONSTANT (120) * G_USEC_PER_SEC;

  while (fetch_status (client, actor_id) != RK_ACTOR_STATUS_SLEEPING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      rk_test_run_for (200);
    }
}

static void
test_live_asleep (void)
{
  Session session = { 0 };
  g_autofree char *key = rk_test_unique_key ("ui");
  g_autoptr(RkActor) actor = NULL;
  const char *parts[] = { key, NULL };
  RkActor *selected;
  guint refresh;

  session_start (&session);
  actor = get_or_create (session.client, "lifecycle", key);
  call (session.client, actor, "doSleep", "[]");

  /* Only show it once the record says it sleeps: an actor selected while
   * still awake gets its inspector, which keeps it awake (2.3 records the
   * sleep later than 2.2). */
  wait_until_sleeping (session.client, rk_actor_get_id (actor));

  lens_window_reveal_actor (session.window, "lifecycle", parts);
  rk_test_wait_for ((selected = lens_endpoint_sidebar_get_selected_actor (session.sidebar)) &&
                    g_str_equal (rk_actor_get_id (selected), rk_actor_get_id (actor)));

  /* Listing shows it asleep, and looking at it leaves it asleep. */
  /* A loaded 2.3 engine can take well over 30 s to record the sleep. */
  refresh = g_timeout_add (500, refresh_cb, session.window);
  rk_test_wait_for_ms (rk_actor_get_status (selected) == RK_ACTOR_STATUS_SLEEPING, 120000);
  g_source_remove (refresh);
  g_assert_null (lens_actor_page_get_inspector (session.page));
  show_page (&session, "overview");
  screenshot (GTK_WIDGET (session.window), "overview-asleep");
  g_assert_cmpint (rk_actor_get_status (selected), ==, RK_ACTOR_STATUS_SLEEPING);

  /* Waking is the user's choice; then the inspector starts. */
  gtk_widget_activate_action (GTK_WIDGET (session.page), "actor.wake", NULL);
  rk_test_wait_for (lens_actor_page_get_inspector (session.page) != NULL &&
                    rk_inspector_get_loaded (lens_actor_page_get_inspector (session.page)));
  rk_test_wait_for (rk_actor_get_status (selected) == RK_ACTOR_STATUS_AWAKE);

  session_stop (&session);
}

static void
test_live_dialogs (void)
{
  Session session = { 0 };
  g_autoptr(LensEndpoint) dead = dead_endpoint ();
  GtkWindow *dialog;
  LensConnectWindow *connect;

  session_start (&session);
  rk_test_wait_for (g_list_model_get_n_items (lens_endpoint_sidebar_get_types (session.sidebar)));

  gtk_widget_activate_action (GTK_WIDGET (session.window), "win.create-actor", NULL);
  rk_test_wait_for ((dialog = find_toplevel (LENS_TYPE_CREATE_ACTOR_DIALOG)) != NULL);
  lens_create_actor_dialog_set_input (LENS_CREATE_ACTOR_DIALOG (dialog), "{\"topic\": \"demo\"}");
  screenshot (GTK_WIDGET (dialog), "create-actor");
  gtk_window_destroy (dialog);

  gtk_widget_activate_action (GTK_WIDGET (session.window), "win.connect", NULL);
  rk_test_wait_for ((dialog = find_toplevel (LENS_TYPE_CONNECT_WINDOW)) != NULL);
  connect = LENS_CONNECT_WINDOW (dialog);
  lens_connect_window_set_client (connect, lens_endpoint_get_client (dead));
  lens_connect_window_connect (connect);
  rk_test_wait_for (lens_connect_window_get_diagnosis (connect) != NULL);
  screenshot (GTK_WIDGET (dialog), "connect-diagnosis");
  gtk_window_destroy (dialog);

  /* Dark, as the system asks. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  {
    g_autofree char *key = rk_test_unique_key ("ui");
    g_autoptr(RkActor) counter = get_or_create (session.client, "counter", key);

    call (session.client, counter, "increment", "[7]");
    open_actor (&session, "counter", key, counter);
    show_page (&session, "state");
    screenshot (GTK_WIDGET (session.window), "state-dark");
  }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  session_stop (&session);
}

static void
load_resources (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  GdkDisplay *display = gdk_display_get_default ();

  /* What AdwApplication:resource-base-path does for the real app. */
  gtk_css_provider_load_from_resource (css, "/io/github/actorlens/ActorLens/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    "/io/github/actorlens/ActorLens/icons");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  /* Without a display (no xvfb-run), skip: in TAP with a skip plan, else
   * with the exit status that means "skipped". */
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      for (int i = 1; i < argc; i++)
        if (g_str_equal (argv[i], "--tap"))
          {
            g_print ("1..0 # SKIP No display for the UI tests\n");
            return 0;
          }
      g_printerr ("No display: skipping the UI tests\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();
  load_resources ();

  g_test_add_func ("/rk/ui/templates", test_templates);
  g_test_add_func ("/rk/ui/arg-row", test_arg_row);
  g_test_add_func ("/rk/ui/args-editor", test_args_editor);
  g_test_add_func ("/rk/ui/json-node", test_json_node);
  g_test_add_func ("/rk/ui/json-tree", test_json_tree);
  g_test_add_func ("/rk/ui/snippets", test_snippets);
  g_test_add_func ("/rk/ui/endpoint-unreachable", test_endpoint_unreachable);
  g_test_add_func ("/rk/ui/connect-window", test_connect_window);
  g_test_add_func ("/rk/ui/create-dialog", test_create_dialog);
  g_test_add_func ("/rk/ui/value-dialog", test_value_dialog);
  g_test_add_func ("/rk/ui/call-result", test_call_result);

  if (g_getenv ("RK_TEST_SERVER") != NULL)
    {
      if (!(server = rk_real_server_new_from_env (&error)) ||
          !rk_real_server_start (server, &error))
        g_error ("Cannot start the RivetKit test server: %s", error->message);

      g_test_add_func ("/rk/ui/live/state-and-actions", test_live_state_and_actions);
      g_test_add_func ("/rk/ui/live/errors", test_live_errors);
      g_test_add_func ("/rk/ui/live/connections", test_live_connections);
      g_test_add_func ("/rk/ui/live/events", test_live_events);
      g_test_add_func ("/rk/ui/live/asleep", test_live_asleep);
      g_test_add_func ("/rk/ui/live/dialogs", test_live_dialogs);
    }

  ret = g_test_run ();

  if (server != NULL)
    {
      if (!rk_real_server_stop (server, &error))
        g_warning ("Stopping the test server: %s", error->message);
      rk_real_server_free (server);
    }

  return ret;
}
