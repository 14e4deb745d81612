/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-ui.c: helpers shared by the UI test files */

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
#include "rk-test-ui.h"
#include "rk-test-util.h"

/* Nothing listens on port 1 of the loopback interface. */
#define DEAD_ENDPOINT "http://127.0.0.1:1"

/* Helpers */

GtkWidget *
rk_test_ui_find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rk_test_ui_find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The stack under @widget that has a page called @page. */
GtkStack *
rk_test_ui_find_stack (GtkWidget  *widget,
            const char *page)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), page) != NULL)
    return GTK_STACK (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = rk_test_ui_find_stack (child, page);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWindow *
rk_test_ui_find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

JsonNode *
rk_test_ui_compat (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = rk_compat_parse (json, -1, &error);

  g_assert_no_error (error);
  return node;
}

void
rk_test_ui_assert_compat (JsonNode   *node,
               const char *expected)
{
  g_autoptr(JsonNode) want = rk_test_ui_compat (expected);

  if (!rk_compat_equal (node, want))
    {
      g_autofree char *got = rk_compat_to_string (node, FALSE);
      g_error ("expected %s, got %s", expected, got);
    }
}

LensJsonNode *
rk_test_ui_child_named (LensJsonNode *node,
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

gboolean
rk_test_ui_any_highlight (GListModel *rows)
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

GskRenderNode *
rk_test_ui_snapshot_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (snapshot);
}

/* Saves what @widget shows, if LENS_SCREENSHOT_DIR says where. */
void
rk_test_ui_screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("LENS_SCREENSHOT_DIR");
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || dir[0] == '\0')
    return;
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  gtk_test_widget_wait_for_draw (widget);
  rk_test_run_for (300);

  /* A frame may not be ready yet for a window that just mapped. */
  rk_test_wait_for ((node = rk_test_ui_snapshot_widget (widget)) != NULL);
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

LensEndpoint *
rk_test_ui_dead_endpoint (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkClient) client = rk_client_new (DEAD_ENDPOINT, NULL, NULL, &error);

  g_assert_no_error (error);
  return lens_endpoint_new (client);
}

/* Every template class, once */

void
rk_test_ui_load_resources (void)
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

