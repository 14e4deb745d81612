/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-args-editor.h: an action's arguments as typed rows or as a raw JSON array */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LENS_TYPE_ARGS_EDITOR (lens_args_editor_get_type ())

G_DECLARE_FINAL_TYPE (LensArgsEditor, lens_args_editor, LENS, ARGS_EDITOR, GtkWidget)

GtkWidget  *lens_args_editor_new        (void);
JsonNode   *lens_args_editor_dup_args   (LensArgsEditor *self,
                                         GError        **error);
void        lens_args_editor_set_args   (LensArgsEditor *self,
                                         JsonNode       *args);
void        lens_args_editor_add_arg    (LensArgsEditor *self);
guint       lens_args_editor_get_n_args (LensArgsEditor *self);
const char *lens_args_editor_get_mode   (LensArgsEditor *self);
gboolean    lens_args_editor_set_mode   (LensArgsEditor *self,
                                         const char     *mode);
gboolean    lens_args_editor_get_valid  (LensArgsEditor *self);

G_END_DECLS
