/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-json-node.h: one value of a JSON-compat document, as a row of a tree */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rk-types.h"

#include "lens-json-diff.h"

G_BEGIN_DECLS

#define LENS_TYPE_JSON_NODE (lens_json_node_get_type ())

G_DECLARE_FINAL_TYPE (LensJsonNode, lens_json_node, LENS, JSON_NODE, GObject)

LensJsonNode *lens_json_node_new           (JsonNode     *value);
const char   *lens_json_node_get_key       (LensJsonNode *self);
JsonNode     *lens_json_node_get_value     (LensJsonNode *self);
RkValueKind   lens_json_node_get_kind      (LensJsonNode *self);
gboolean      lens_json_node_is_container  (LensJsonNode *self);
gboolean      lens_json_node_get_highlight (LensJsonNode *self);
gboolean      lens_json_node_get_editable  (LensJsonNode *self);
char         *lens_json_node_dup_path      (LensJsonNode *self);
char         *lens_json_node_dup_preview   (LensJsonNode *self);
GListModel   *lens_json_node_get_children  (LensJsonNode *self);
gboolean      lens_json_node_update        (LensJsonNode *self,
                                            JsonNode     *value,
                                            gboolean      flash);
gboolean      lens_json_node_apply_diff    (LensJsonNode *self,
                                            JsonNode     *value,
                                            LensJsonDiff *diff,
                                            gboolean      flash);
JsonNode     *lens_json_node_lookup        (LensJsonNode *self,
                                            JsonNode     *root);
gboolean      lens_json_node_replace_in    (LensJsonNode *self,
                                            JsonNode     *root,
                                            JsonNode     *value);

G_END_DECLS
