/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-preferences-window.h: the preferences of Actor Lens */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LENS_TYPE_PREFERENCES_WINDOW (lens_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (LensPreferencesWindow, lens_preferences_window, LENS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *lens_preferences_window_new (GtkWindow *parent);

G_END_DECLS
