/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-server-info.h: what a probe learnt about a RivetKit server */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rk-types.h"

G_BEGIN_DECLS

#define RK_TYPE_SERVER_INFO (rk_server_info_get_type ())

G_DECLARE_FINAL_TYPE (RkServerInfo, rk_server_info, RK, SERVER_INFO, GObject)

RkServerInfo    *rk_server_info_new_from_metadata      (JsonNode      *metadata,
                                                        GError       **error);
const char      *rk_server_info_get_runtime            (RkServerInfo  *self);
const char      *rk_server_info_get_version            (RkServerInfo  *self);
RkServerFlavour  rk_server_info_get_flavour            (RkServerInfo  *self);
const char      *rk_server_info_get_flavour_label      (RkServerInfo  *self);
const char      *rk_server_info_get_runner_kind        (RkServerInfo  *self);
const char      *rk_server_info_get_client_endpoint    (RkServerInfo  *self);
const char      *rk_server_info_get_client_namespace   (RkServerInfo  *self);
const char      *rk_server_info_get_client_token       (RkServerInfo  *self);
GListModel      *rk_server_info_get_actor_types        (RkServerInfo  *self);
RkActorType     *rk_server_info_find_actor_type        (RkServerInfo  *self,
                                                        const char    *name);
gboolean         rk_server_info_supports_destroy       (RkServerInfo  *self);
gboolean         rk_server_info_has_namespaces         (RkServerInfo  *self);
void             _rk_server_info_set_actor_types       (RkServerInfo  *self,
                                                        GPtrArray     *types);

G_END_DECLS
