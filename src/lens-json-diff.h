/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-json-diff.h: what changed between two versions of a JSON-compat
 * document, the elements it compares, and letting go of a version in slices */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _LensJsonDiff LensJsonDiff;

LensJsonDiff *lens_json_diff_new           (JsonNode     *old_value,
                                            JsonNode     *new_value,
                                            guint         max_nodes,
                                            GCancellable *cancellable);
JsonNode     *lens_json_diff_get_old_value (LensJsonDiff *diff);
JsonNode     *lens_json_diff_get_new_value (LensJsonDiff *diff);
gboolean      lens_json_diff_is_equal      (LensJsonDiff *diff);
gboolean      lens_json_diff_has_changed   (LensJsonDiff *diff,
                                            JsonNode     *node);
void          lens_json_diff_free          (LensJsonDiff *diff);

gboolean      lens_json_is_escaped_array   (JsonNode     *node);
JsonNode     *lens_json_dup_element        (JsonNode     *container,
                                            guint         index,
                                            JsonNode    **raw);

void          lens_json_release_later      (JsonNode     *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LensJsonDiff, lens_json_diff_free)

G_END_DECLS
