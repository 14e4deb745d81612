/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector-patch-private.h: saving state over the inspector socket */

#pragma once

#include "rk-inspector.h"

G_BEGIN_DECLS

gboolean _rk_inspector_patches_over_socket (RkInspector  *self);
gboolean _rk_inspector_patch_over_socket   (RkInspector  *self,
                                            JsonNode     *state,
                                            GTask        *task,
                                            GError      **error);

G_END_DECLS
