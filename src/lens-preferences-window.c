/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-preferences-window.c: the preferences of Actor Lens */

#define G_LOG_DOMAIN "lens-preferences-window"

#include "config.h"

#include "lens-preferences-window.h"

struct _LensPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Owned references */
  GSettings *settings;

  /* Template widgets */
  GtkAdjustment *interval_adjustment;
  GtkSwitch *ids_switch;
  GtkSwitch *wake_switch;
};

G_DEFINE_FINAL_TYPE (LensPreferencesWindow, lens_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
lens_preferences_window_dispose (GObject *object)
{
  LensPreferencesWindow *self = (LensPreferencesWindow *)object;

  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (lens_preferences_window_parent_class)->dispose (object);
}

static void
lens_preferences_window_class_init (LensPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lens_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LensPreferencesWindow, interval_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LensPreferencesWindow, ids_switch);
  gtk_widget_class_bind_template_child (widget_class, LensPreferencesWindow, wake_switch);
}

static void
lens_preferences_window_init (LensPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->settings = g_settings_new (SCHEMA_ID);
  g_settings_bind (self->settings, "refresh-interval", self->interval_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-actor-ids", self->ids_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "wake-on-select", self->wake_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

/**
 * lens_preferences_window_new:
 * @parent: (nullable): the window to be modal for
 *
 * Returns: (transfer none): a new window
 */
GtkWidget *
lens_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (LENS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}
