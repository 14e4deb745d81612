/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-connection-row.h: one connection opened by Actor Lens, with its status timeline */

#pragma once

#include <adwaita.h>

#include "rk-connection.h"

G_BEGIN_DECLS

#define LENS_TYPE_CONNECTION_ROW (lens_connection_row_get_type ())

G_DECLARE_FINAL_TYPE (LensConnectionRow, lens_connection_row, LENS, CONNECTION_ROW, AdwExpanderRow)

GtkWidget    *lens_connection_row_new            (RkConnection      *connection,
                                                  guint              number);
RkConnection *lens_connection_row_get_connection (LensConnectionRow *self);

G_END_DECLS
