/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-sidebar-row.c: one row of the actor sidebar: an actor type or an instance */

#define G_LOG_DOMAIN "lens-sidebar-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-actor.h"
#include "rk-key.h"

#include "lens-sidebar-row.h"
#include "lens-type-node.h"
#include "lens-util.h"

#define AGE_REFRESH_SECONDS 30

struct _LensSidebarRow
{
  GtkWidget parent_instance;

  /* Owned references */
  GObject *item;
  GSignalGroup *item_signals;
  GSettings *settings;

  /* Template widgets */
  GtkImage *icon;
  GtkLabel *title;
  GtkLabel *subtitle;
  GtkLabel *count;

  /* State */
  guint age_timeout_id;
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensSidebarRow, lens_sidebar_row, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
set_status_icon (LensSidebarRow *self,
                 RkActorStatus   status)
{
  const char *icon_name;
  const char *css = NULL;

  switch (status)
    {
    case RK_ACTOR_STATUS_AWAKE:
      icon_name = "media-record-symbolic";
      css = "success";
      break;

    case RK_ACTOR_STATUS_SLEEPING:
      icon_name = "weather-clear-night-symbolic";
      css = "dim-label";
      break;

    case RK_ACTOR_STATUS_DESTROYED:
      icon_name = "user-trash-symbolic";
      css = "dim-label";
      break;

    case RK_ACTOR_STATUS_PENDING:
    default:
      icon_name = "emblem-synchronizing-symbolic";
      css = "warning";
      break;
    }

  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "dim-label");
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), css);
}

static const char *
status_in_words (RkActorStatus status)
{
  switch (status)
    {
    case RK_ACTOR_STATUS_AWAKE:
      return _("Awake");
    case RK_ACTOR_STATUS_SLEEPING:
      return _("Asleep");
    case RK_ACTOR_STATUS_DESTROYED:
      return _("Destroyed");
    case RK_ACTOR_STATUS_PENDING:
    default:
      return _("Starting");
    }
}

static void
update_actor (LensSidebarRow *self,
              RkActor        *actor)
{
  const char * const *key = rk_actor_get_key (actor);
  g_autofree char *display = key ? rk_key_to_display (key) : NULL;
  g_autofree char *age = lens_format_relative (rk_actor_get_create_ts (actor));
  g_autofree char *created = lens_format_timestamp (rk_actor_get_create_ts (actor));
  g_autofree char *short_id = lens_short_id (rk_actor_get_id (actor));
  g_autofree char *subtitle = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *accessible = NULL;
  RkActorStatus status = rk_actor_get_status (actor);

  set_status_icon (self, status);

  if (display == NULL)
    gtk_label_set_markup (self->title, _("<i>no key</i>"));
  else
    gtk_label_set_text (self->title, display);

  if (g_settings_get_boolean (self->settings, "show-actor-ids"))
    subtitle = g_strdup_printf ("%s · %s", short_id, age);
  else
    subtitle = g_strdup (age);
  gtk_label_set_text (self->subtitle, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), TRUE);
  gtk_label_set_text (self->count, "");

  /* Translators: tooltip of an actor in the sidebar: status, ID, creation time */
  tooltip = g_strdup_printf (_("%s\nID: %s\nCreated: %s"), status_in_words (status),
                             rk_actor_get_id (actor), created);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);

  /* Translators: how a screen reader reads an actor row: key, status, age */
  accessible = g_strdup_printf (_("%s, %s, created %s"), display ? display : _("no key"),
                                status_in_words (status), age);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
update_type (LensSidebarRow *self,
             LensTypeNode   *node)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *icon_name = NULL;
  g_autofree char *count = NULL;
  g_autofree char *tooltip = NULL;
  const char *error_message = lens_type_node_get_error_message (node);
  guint n = g_list_model_get_n_items (lens_type_node_get_instances (node));

  g_object_get (node,
                "title", &title,
                "subtitle", &subtitle,
                "icon-name", &icon_name,
                "count-label", &count,
                NULL);

  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "dim-label");
  gtk_label_set_text (self->title, title);
  gtk_label_set_text (self->subtitle, subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), subtitle != NULL);

  if (error_message != NULL)
    {
      gtk_label_set_text (self->count, "!");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), error_message);
    }
  else
    {
      gtk_label_set_text (self->count, count);
      /* Translators: tooltip of an actor type: instances, then how many are awake */
      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u instance, %u awake",
                                              "%u instances, %u awake", n),
                                 n, lens_type_node_get_n_awake (node));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                                   lens_type_node_get_loaded (node) ? tooltip : NULL);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
}

static void
update (LensSidebarRow *self)
{
  if (RK_IS_ACTOR (self->item))
    update_actor (self, RK_ACTOR (self->item));
  else if (LENS_IS_TYPE_NODE (self->item))
    update_type (self, LENS_TYPE_NODE (self->item));
}

static gboolean
age_timeout_cb (gpointer user_data)
{
  LensSidebarRow *self = user_data;

  update (self);
  return G_SOURCE_CONTINUE;
}

static void
lens_sidebar_row_map (GtkWidget *widget)
{
  LensSidebarRow *self = (LensSidebarRow *)widget;

  GTK_WIDGET_CLASS (lens_sidebar_row_parent_class)->map (widget);

  update (self);
  if (self->age_timeout_id == 0)
    self->age_timeout_id = g_timeout_add_seconds (AGE_REFRESH_SECONDS, age_timeout_cb, self);
}

static void
lens_sidebar_row_unmap (GtkWidget *widget)
{
  LensSidebarRow *self = (LensSidebarRow *)widget;

  g_clear_handle_id (&self->age_timeout_id, g_source_remove);

  GTK_WIDGET_CLASS (lens_sidebar_row_parent_class)->unmap (widget);
}

static void
lens_sidebar_row_dispose (GObject *object)
{
  LensSidebarRow *self = (LensSidebarRow *)object;

  g_clear_handle_id (&self->age_timeout_id, g_source_remove);
  g_signal_group_set_target (self->item_signals, NULL);
  g_clear_object (&self->item_signals);
  g_clear_object (&self->item);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_SIDEBAR_ROW);

  lens_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (lens_sidebar_row_parent_class)->dispose (object);
}

static void
lens_sidebar_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LensSidebarRow *self = LENS_SIDEBAR_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_sidebar_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LensSidebarRow *self = LENS_SIDEBAR_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      lens_sidebar_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_sidebar_row_class_init (LensSidebarRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lens_sidebar_row_dispose;
  object_class->get_property = lens_sidebar_row_get_property;
  object_class->set_property = lens_sidebar_row_set_property;

  widget_class->map = lens_sidebar_row_map;
  widget_class->unmap = lens_sidebar_row_unmap;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-sidebar-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LensSidebarRow, icon);
  gtk_widget_class_bind_template_child (widget_class, LensSidebarRow, title);
  gtk_widget_class_bind_template_child (widget_class, LensSidebarRow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LensSidebarRow, count);
  gtk_widget_class_set_css_name (widget_class, "sidebarrow");
}

static void
lens_sidebar_row_init (LensSidebarRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::show-actor-ids",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  self->item_signals = g_signal_group_new (G_TYPE_OBJECT);
  g_signal_group_connect_swapped (self->item_signals, "notify", G_CALLBACK (update), self);
}

GtkWidget *
lens_sidebar_row_new (void)
{
  return g_object_new (LENS_TYPE_SIDEBAR_ROW, NULL);
}

/**
 * lens_sidebar_row_get_item:
 * @self: a #LensSidebarRow
 *
 * Returns: (transfer none) (nullable): the #LensTypeNode or #RkActor shown
 */
GObject *
lens_sidebar_row_get_item (LensSidebarRow *self)
{
  g_return_val_if_fail (LENS_IS_SIDEBAR_ROW (self), NULL);
  return self->item;
}

/**
 * lens_sidebar_row_set_item:
 * @self: a #LensSidebarRow
 * @item: (nullable): a #LensTypeNode or an #RkActor
 */
void
lens_sidebar_row_set_item (LensSidebarRow *self,
                           GObject        *item)
{
  g_return_if_fail (LENS_IS_SIDEBAR_ROW (self));
  g_return_if_fail (item == NULL || RK_IS_ACTOR (item) || LENS_IS_TYPE_NODE (item));

  if (!g_set_object (&self->item, item))
    return;

  g_signal_group_set_target (self->item_signals, item);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
