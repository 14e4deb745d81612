/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-compare-dialog.h: two versions of a value side by side, to choose one */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LENS_TYPE_COMPARE_DIALOG (lens_compare_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LensCompareDialog, lens_compare_dialog, LENS, COMPARE_DIALOG,
                      AdwMessageDialog)

GtkWidget *lens_compare_dialog_new (GtkWindow  *parent,
                                    const char *heading,
                                    const char *body,
                                    JsonNode   *theirs,
                                    JsonNode   *mine);

G_END_DECLS
