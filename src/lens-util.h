/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-util.h: small helpers shared by the widgets of Actor Lens */

#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char       *lens_format_timestamp         (gint64              unix_ms);
char       *lens_format_relative          (gint64              unix_ms);
char       *lens_format_latency           (gint64              usec);
char       *lens_format_clock             (gint64              unix_usec);
char       *lens_short_id                 (const char         *id);
char       *lens_describe_actor           (const char         *name,
                                           const char * const *key);
const char *lens_icon_for_actor_type      (const char         *icon);
void        lens_widget_toast             (GtkWidget          *widget,
                                           const char         *title);
void        lens_widget_copy              (GtkWidget          *widget,
                                           const char         *text,
                                           const char         *toast);
void        lens_source_buffer_init       (GtkSourceBuffer    *buffer);
JsonNode   *lens_json_deep_copy           (JsonNode           *node);
void        lens_widget_unparent_children (GtkWidget          *widget);
void        lens_drop_down_name_button    (GtkDropDown        *drop_down);
guint       lens_connection_number        (GListModel         *connections,
                                           gpointer            connection);

G_END_DECLS
