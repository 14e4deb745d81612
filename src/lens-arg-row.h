/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-arg-row.h: one action argument: a type and a validated value */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  LENS_ARG_KIND_STRING,
  LENS_ARG_KIND_NUMBER,
  LENS_ARG_KIND_BIGINT,
  LENS_ARG_KIND_BOOLEAN,
  LENS_ARG_KIND_NULL,
  LENS_ARG_KIND_JSON,
} LensArgKind;

#define LENS_TYPE_ARG_KIND (lens_arg_kind_get_type ())
#define LENS_TYPE_ARG_ROW (lens_arg_row_get_type ())

GType lens_arg_kind_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (LensArgRow, lens_arg_row, LENS, ARG_ROW, GtkListBoxRow)

GtkWidget  *lens_arg_row_new       (void);
LensArgKind lens_arg_row_get_kind  (LensArgRow *self);
void        lens_arg_row_set_kind  (LensArgRow *self,
                                    LensArgKind kind);
const char *lens_arg_row_get_text  (LensArgRow *self);
void        lens_arg_row_set_text  (LensArgRow *self,
                                    const char *text);
gboolean    lens_arg_row_get_valid (LensArgRow *self);
void        lens_arg_row_set_index (LensArgRow *self,
                                    guint       index);
JsonNode   *lens_arg_row_dup_value (LensArgRow *self,
                                    GError    **error);
void        lens_arg_row_set_value (LensArgRow *self,
                                    JsonNode   *value);

G_END_DECLS
