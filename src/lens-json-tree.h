/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-json-tree.h: a JSON-compat value as a key / type / value tree table */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "lens-json-node.h"

G_BEGIN_DECLS

#define LENS_TYPE_JSON_TREE (lens_json_tree_get_type ())

G_DECLARE_FINAL_TYPE (LensJsonTree, lens_json_tree, LENS, JSON_TREE, GtkWidget)

GtkWidget    *lens_json_tree_new               (void);
JsonNode     *lens_json_tree_get_value         (LensJsonTree *self);
void          lens_json_tree_set_value         (LensJsonTree *self,
                                                JsonNode     *value);
gboolean      lens_json_tree_get_busy          (LensJsonTree *self);
LensJsonNode *lens_json_tree_get_root          (LensJsonTree *self);
LensJsonNode *lens_json_tree_get_selected_node (LensJsonTree *self);
GListModel   *lens_json_tree_get_rows          (LensJsonTree *self);

G_END_DECLS
