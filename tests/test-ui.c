/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui.c: the widgets of Actor Lens
 *
 * Without a server: every template class is built once (the only check that
 * a .ui names nothing newer than GTK 4.8 / libadwaita 1.2), and the widgets
 * with logic of their own are driven through their API (the JSON tree and the
 * state view in test-ui-state.c).
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
#include "lens-metrics-group.h"
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
#include "rk-test-ui.h"
#include "rk-test-util.h"

static void
test_templates (void)
{
  g_autoptr(LensEndpoint) endpoint = rk_test_ui_dead_endpoint ();
  RkClient *client = lens_endpoint_get_client (endpoint);
  g_autoptr(RkConnection) connection = rk_client_connect (client, "0123456789abcdef", NULL);
  g_autoptr(GListStore) types = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(JsonNode) value = rk_test_ui_compat ("{\"a\":1}");
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
    LENS_TYPE_METRICS_GROUP,
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
          rk_test_ui_assert_compat (node, cases[i].expected);
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
        g_autoptr(JsonNode) value = rk_test_ui_compat (values[i].value);
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
  g_autoptr(JsonNode) initial = rk_test_ui_compat ("[5,\"two\",[\"$BigInt\",\"9007199254740993\"],null]");
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
  raw = GTK_SOURCE_VIEW (rk_test_ui_find_descendant (GTK_WIDGET (editor), GTK_SOURCE_TYPE_VIEW));
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
    GtkListBox *rows = GTK_LIST_BOX (rk_test_ui_find_descendant (GTK_WIDGET (editor), GTK_TYPE_LIST_BOX));
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

/* Snippets */

static void
test_snippets (void)
{
  g_autoptr(JsonNode) args = rk_test_ui_compat ("[5,\"it's\",[\"$BigInt\",\"12\"],"
                                     "[\"$Uint8Array\",\"AQI=\"]]");
  g_autoptr(JsonNode) params = json_from_string ("{\"token\":\"secret\"}", NULL);
  g_autoptr(JsonNode) input = rk_test_ui_compat ("{\"hello\":\"world\"}");
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
  g_autoptr(LensEndpoint) endpoint = rk_test_ui_dead_endpoint ();
  LensWindow *window = g_object_new (LENS_TYPE_WINDOW, "endpoint", endpoint, NULL);
  GtkWidget *pill = rk_test_ui_find_descendant (GTK_WIDGET (window), LENS_TYPE_ENDPOINT_PILL);
  GtkWidget *sidebar = rk_test_ui_find_descendant (GTK_WIDGET (window), LENS_TYPE_ENDPOINT_SIDEBAR);
  GtkStack *stack = rk_test_ui_find_stack (sidebar, "unreachable");

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
  g_autoptr(LensEndpoint) endpoint = rk_test_ui_dead_endpoint ();
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
  g_autoptr(LensEndpoint) endpoint = rk_test_ui_dead_endpoint ();
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
  g_autoptr(JsonNode) value = rk_test_ui_compat ("{\"n\":[\"$BigInt\",\"5\"]}");
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
  g_autoptr(JsonNode) args = rk_test_ui_compat ("[1]");
  g_autoptr(JsonNode) output = rk_test_ui_compat ("{\"ok\":true}");
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
  g_assert_nonnull (rk_test_ui_find_descendant (GTK_WIDGET (result), LENS_TYPE_JSON_TREE));
  gtk_test_widget_wait_for_draw (window);

  lens_call_record_finish (failed, NULL, error);
  lens_call_result_set_record (result, failed);
  summary = lens_call_record_dup_summary (failed);
  g_assert_nonnull (strstr (summary, "Too slow"));
  gtk_test_widget_wait_for_draw (window);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Numbers stay with their connection when an earlier one is removed. */
static void
test_connection_number (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(GListStore) other = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) c = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) d = g_object_new (G_TYPE_OBJECT, NULL);

  g_list_store_append (store, a);
  g_list_store_append (store, b);
  g_assert_cmpuint (lens_connection_number (G_LIST_MODEL (store), a), ==, 1);
  g_assert_cmpuint (lens_connection_number (G_LIST_MODEL (store), b), ==, 2);

  g_list_store_remove (store, 0);
  g_assert_cmpuint (lens_connection_number (G_LIST_MODEL (store), b), ==, 2);

  g_list_store_append (store, c);
  g_assert_cmpuint (lens_connection_number (G_LIST_MODEL (store), c), ==, 3);
  g_assert_cmpuint (lens_connection_number (G_LIST_MODEL (store), b), ==, 2);

  /* Another page counts its own connections from 1. */
  g_list_store_append (other, d);
  g_assert_cmpuint (lens_connection_number (G_LIST_MODEL (other), d), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
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
  rk_test_ui_load_resources ();

  g_test_add_func ("/rk/ui/templates", test_templates);
  g_test_add_func ("/rk/ui/arg-row", test_arg_row);
  g_test_add_func ("/rk/ui/args-editor", test_args_editor);
  /* The JSON tree and the state view (test-ui-state.c) */
  rk_test_ui_state_add_tests ();
  g_test_add_func ("/rk/ui/snippets", test_snippets);
  g_test_add_func ("/rk/ui/endpoint-unreachable", test_endpoint_unreachable);
  g_test_add_func ("/rk/ui/connect-window", test_connect_window);
  g_test_add_func ("/rk/ui/create-dialog", test_create_dialog);
  g_test_add_func ("/rk/ui/value-dialog", test_value_dialog);
  g_test_add_func ("/rk/ui/call-result", test_call_result);
  g_test_add_func ("/rk/ui/connection-number", test_connection_number);

  /* Against a real server (test-ui-live.c) when RK_TEST_SERVER names one. */
  rk_test_ui_live_add_tests ();

  ret = g_test_run ();

  rk_test_ui_live_stop ();

  return ret;
}
