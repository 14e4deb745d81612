/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-value-dialog.h: edit one JSON-compat value, validated as you type */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LENS_TYPE_VALUE_DIALOG (lens_value_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LensValueDialog, lens_value_dialog, LENS, VALUE_DIALOG, AdwMessageDialog)

GtkWidget *lens_value_dialog_new       (GtkWindow       *parent,
                                        const char      *path,
                                        JsonNode        *value);
JsonNode  *lens_value_dialog_dup_value (LensValueDialog *self,
                                        GError         **error);
void       lens_value_dialog_set_text  (LensValueDialog *self,
                                        const char      *text);

G_END_DECLS
