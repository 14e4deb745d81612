/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-endpoint-sidebar-reveal.c: opening a given actor in the sidebar, and creating one
 *
 * An actor named on the command line (type and key), or just created, is
 * selected as soon as its type is listed. One that the listing lacks (a
 * later page on 2.3, or created a moment ago) is looked up by key, or the
 * list refreshed once, and opened even without a row.
 */

#define G_LOG_DOMAIN "lens-endpoint-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-actor.h"

#include "lens-create-actor-dialog.h"
#include "lens-endpoint-sidebar-private.h"
#include "lens-util.h"

void
_lens_endpoint_sidebar_clear_reveal (LensEndpointSidebar *self)
{
  g_clear_pointer (&self->reveal_type, g_free);
  g_clear_pointer (&self->reveal_key, g_strfreev);
  g_clear_object (&self->reveal_actor);
  self->reveal_looked_up = FALSE;
  self->reveal_refreshed = FALSE;
}

static gboolean
select_item (LensEndpointSidebar *self,
             gpointer             item)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), i);
      g_autoptr(GObject) row_item = gtk_tree_list_row_get_item (row);

      if (row_item == item)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item",
                                      "u", i);
          return TRUE;
        }
    }

  return FALSE;
}

static void
expand (LensEndpointSidebar *self,
        guint                position)
{
  g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (self->tree, position);

  if (row != NULL)
    gtk_tree_list_row_set_expanded (row, TRUE);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  RkClient *client = (RkClient *)object;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkActor) actor = NULL;
  LensEndpointSidebar *self;
  g_autofree char *what = NULL;
  g_autofree char *message = NULL;

  if (!(actor = rk_client_get_actor_finish (client, result, &error)) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_ENDPOINT_SIDEBAR (user_data);
  if (self->reveal_type == NULL)
    return;

  if (actor != NULL)
    {
      lens_endpoint_sidebar_reveal_actor (self, actor);
      return;
    }

  what = lens_describe_actor (self->reveal_type, (const char * const *)self->reveal_key);
  if (error != NULL)
    /* Translators: %s is an actor, "type/key"; then the error */
    message = g_strdup_printf (_("Can’t open “%s”: %s"), what, error->message);
  else
    /* Translators: %s is an actor, "type/key" */
    message = g_strdup_printf (_("There is no actor “%s”"), what);
  lens_widget_toast (GTK_WIDGET (self), message);
  _lens_endpoint_sidebar_clear_reveal (self);
}

static void
try_reveal_actor (LensEndpointSidebar *self)
{
  RkActor *actor = self->reveal_actor;
  LensTypeNode *node;
  RkActor *listed;
  guint position = 0;

  if (!(node = _lens_endpoint_sidebar_find_node (self, rk_actor_get_name (actor), &position)))
    {
      _lens_endpoint_sidebar_set_selected_actor (self, actor);
      _lens_endpoint_sidebar_clear_reveal (self);
      return;
    }

  expand (self, position);

  if ((listed = lens_type_node_lookup (node, rk_actor_get_id (actor))))
    {
      g_autoptr(RkActor) keep = g_object_ref (listed);

      rk_actor_update_from (listed, actor);
      _lens_endpoint_sidebar_clear_reveal (self);
      if (!select_item (self, keep))
        _lens_endpoint_sidebar_set_selected_actor (self, keep);
      return;
    }

  if (lens_type_node_get_loading (node))
    return;

  if (!self->reveal_refreshed)
    {
      self->reveal_refreshed = TRUE;
      lens_type_node_refresh (node);
      return;
    }

  /* Still not listed: open it anyway, without a row. */
  _lens_endpoint_sidebar_set_selected_actor (self, actor);
  _lens_endpoint_sidebar_clear_reveal (self);
}

void
_lens_endpoint_sidebar_try_reveal (LensEndpointSidebar *self)
{
  LensTypeNode *node;
  RkActor *actor;
  guint position = 0;

  if (self->endpoint == NULL || lens_endpoint_get_server_info (self->endpoint) == NULL)
    return;

  if (self->reveal_actor != NULL)
    {
      try_reveal_actor (self);
      return;
    }

  if (self->reveal_type == NULL)
    return;

  if (!(node = _lens_endpoint_sidebar_find_node (self, self->reveal_type, &position)))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is an actor type name */
      message = g_strdup_printf (_("The server has no actor type “%s”"), self->reveal_type);
      lens_widget_toast (GTK_WIDGET (self), message);
      _lens_endpoint_sidebar_clear_reveal (self);
      return;
    }

  expand (self, position);

  if (!lens_type_node_get_loaded (node))
    return;

  if ((actor = lens_type_node_find (node, (const char * const *)self->reveal_key)))
    {
      _lens_endpoint_sidebar_clear_reveal (self);
      select_item (self, actor);
      return;
    }

  /* Not in the listing (2.3 pages, or just created): ask for it by key. */
  if (!self->reveal_looked_up)
    {
      self->reveal_looked_up = TRUE;
      rk_client_get_actor_async (_lens_endpoint_sidebar_get_client (self), self->reveal_type,
                                 (const char * const *)self->reveal_key,
                                 self->cancellable, lookup_cb, self);
    }
}

/**
 * lens_endpoint_sidebar_reveal:
 * @self: a #LensEndpointSidebar
 * @type_name: an actor type
 * @key: the key parts
 *
 * Selects the actor with @key as soon as it is listed (now, or once the
 * server answers), or says that there is none.
 */
void
lens_endpoint_sidebar_reveal (LensEndpointSidebar *self,
                              const char          *type_name,
                              const char * const  *key)
{
  g_return_if_fail (LENS_IS_ENDPOINT_SIDEBAR (self));
  g_return_if_fail (type_name != NULL);
  g_return_if_fail (key != NULL);

  _lens_endpoint_sidebar_clear_reveal (self);
  self->reveal_type = g_strdup (type_name);
  self->reveal_key = g_strdupv ((char **)key);
  _lens_endpoint_sidebar_try_reveal (self);
}

/**
 * lens_endpoint_sidebar_reveal_actor:
 * @self: a #LensEndpointSidebar
 * @actor: an actor record, e.g. of one just created
 *
 * Selects @actor once its type's listing has it; opens it anyway if the
 * listing never does.
 */
void
lens_endpoint_sidebar_reveal_actor (LensEndpointSidebar *self,
                                    RkActor             *actor)
{
  g_return_if_fail (LENS_IS_ENDPOINT_SIDEBAR (self));
  g_return_if_fail (RK_IS_ACTOR (actor));

  g_object_ref (actor);
  _lens_endpoint_sidebar_clear_reveal (self);
  self->reveal_actor = actor;
  _lens_endpoint_sidebar_try_reveal (self);
}

/* Creating actors */

static void
actor_created_cb (LensEndpointSidebar *self,
                  RkActor             *actor,
                  gboolean             created,
                  GtkWidget           *dialog)
{
  g_autofree char *what = lens_describe_actor (rk_actor_get_name (actor),
                                               rk_actor_get_key (actor));
  g_autofree char *message = NULL;

  /* Unlike the web inspector, open what was just created. */
  lens_endpoint_sidebar_reveal_actor (self, actor);

  /* Translators: %s is an actor, "type/key" */
  message = g_strdup_printf (created ? _("Created “%s”") : _("Opened the existing “%s”"),
                             what);
  lens_widget_toast (GTK_WIDGET (self), message);
}

/**
 * lens_endpoint_sidebar_create_actor:
 * @self: a #LensEndpointSidebar
 *
 * Opens the dialog to create an actor (or get the one with a key),
 * preset to the type of the selection. The new actor is selected.
 */
void
lens_endpoint_sidebar_create_actor (LensEndpointSidebar *self)
{
  RkClient *client;
  GtkRoot *root;
  GtkWidget *dialog;
  const char *type_name = NULL;
  GtkTreeListRow *row;

  g_return_if_fail (LENS_IS_ENDPOINT_SIDEBAR (self));

  if ((client = _lens_endpoint_sidebar_get_client (self)) == NULL)
    return;

  row = gtk_single_selection_get_selected_item (self->selection);
  if (row != NULL)
    {
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (LENS_IS_TYPE_NODE (item))
        type_name = lens_type_node_get_name (LENS_TYPE_NODE (item));
      else if (RK_IS_ACTOR (item))
        type_name = rk_actor_get_name (RK_ACTOR (item));
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = lens_create_actor_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         client, G_LIST_MODEL (self->types), type_name);
  g_signal_connect_object (dialog, "actor-created", G_CALLBACK (actor_created_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}
