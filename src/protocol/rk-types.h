/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-types.h: forward declarations and public enums of the RivetKit client library */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _RkActor          RkActor;
typedef struct _RkActorType      RkActorType;
typedef struct _RkClient         RkClient;
typedef struct _RkConnection     RkConnection;
typedef struct _RkInspector      RkInspector;
typedef struct _RkServerInfo     RkServerInfo;
typedef struct _RkTransition     RkTransition;

/**
 * RkServerFlavour:
 * @RK_SERVER_FLAVOUR_UNKNOWN: not probed yet, or not recognised
 * @RK_SERVER_FLAVOUR_RIVETKIT: a RivetKit 2.2-style server (`runtime` "rivetkit"):
 *   the Node process serves the manager API and gateway itself
 * @RK_SERVER_FLAVOUR_ENGINE: a Rivet Engine (RivetKit 2.3+, `runtime` "engine"):
 *   namespaces, paginated lists, DELETE, BARE v4 / inspector v5
 */
typedef enum
{
  RK_SERVER_FLAVOUR_UNKNOWN,
  RK_SERVER_FLAVOUR_RIVETKIT,
  RK_SERVER_FLAVOUR_ENGINE,
} RkServerFlavour;

/**
 * RkConnectionStatus:
 * @RK_CONNECTION_STATUS_IDLE: created, never opened
 * @RK_CONNECTION_STATUS_CONNECTING: first WebSocket handshake under way
 * @RK_CONNECTION_STATUS_CONNECTED: Init received, actions flow
 * @RK_CONNECTION_STATUS_RECONNECTING: lost, waiting for the next attempt or retrying
 * @RK_CONNECTION_STATUS_DISCONNECTED: closed on purpose (by us or by the actor)
 * @RK_CONNECTION_STATUS_FAILED: gave up: rejected, or not retryable
 */
typedef enum
{
  RK_CONNECTION_STATUS_IDLE,
  RK_CONNECTION_STATUS_CONNECTING,
  RK_CONNECTION_STATUS_CONNECTED,
  RK_CONNECTION_STATUS_RECONNECTING,
  RK_CONNECTION_STATUS_DISCONNECTED,
  RK_CONNECTION_STATUS_FAILED,
} RkConnectionStatus;

/**
 * RkActorStatus:
 * @RK_ACTOR_STATUS_PENDING: created but never started (or still being allocated)
 * @RK_ACTOR_STATUS_AWAKE: running and connectable
 * @RK_ACTOR_STATUS_SLEEPING: asleep; any gateway request wakes it
 * @RK_ACTOR_STATUS_DESTROYED: destroyed (2.3 keeps the record with `destroy_ts`)
 */
typedef enum
{
  RK_ACTOR_STATUS_PENDING,
  RK_ACTOR_STATUS_AWAKE,
  RK_ACTOR_STATUS_SLEEPING,
  RK_ACTOR_STATUS_DESTROYED,
} RkActorStatus;

/**
 * RkValueKind:
 *
 * The kind of a value in JSON-compat form (see rk-compat.h).
 */
typedef enum
{
  RK_VALUE_KIND_NULL,
  RK_VALUE_KIND_UNDEFINED,
  RK_VALUE_KIND_BOOLEAN,
  RK_VALUE_KIND_INTEGER,
  RK_VALUE_KIND_DOUBLE,
  RK_VALUE_KIND_STRING,
  RK_VALUE_KIND_BIGINT,
  RK_VALUE_KIND_UINT8ARRAY,
  RK_VALUE_KIND_ARRAYBUFFER,
  RK_VALUE_KIND_SET,
  RK_VALUE_KIND_ARRAY,
  RK_VALUE_KIND_OBJECT,
} RkValueKind;

/**
 * RkMetricKind:
 * @RK_METRIC_KIND_COUNTER: a total since the actor woke
 * @RK_METRIC_KIND_GAUGE: a last value
 * @RK_METRIC_KIND_LABELED_COUNTER: a total per label
 * @RK_METRIC_KIND_LABELED_TIMING: calls and time per label
 * @RK_METRIC_KIND_OTHER: a kind this library does not know; its value is
 *   read when it is a number
 *
 * The kinds of the inspector's per-actor metrics (`GET /inspector/metrics`).
 */
typedef enum
{
  RK_METRIC_KIND_COUNTER,
  RK_METRIC_KIND_GAUGE,
  RK_METRIC_KIND_LABELED_COUNTER,
  RK_METRIC_KIND_LABELED_TIMING,
  RK_METRIC_KIND_OTHER,
} RkMetricKind;

/**
 * RkInspectorTransport:
 * @RK_INSPECTOR_TRANSPORT_NONE: not started
 * @RK_INSPECTOR_TRANSPORT_PUSH: live over the inspector WebSocket
 * @RK_INSPECTOR_TRANSPORT_POLL: the WebSocket failed; polling the HTTP summary
 */
typedef enum
{
  RK_INSPECTOR_TRANSPORT_NONE,
  RK_INSPECTOR_TRANSPORT_PUSH,
  RK_INSPECTOR_TRANSPORT_POLL,
} RkInspectorTransport;

G_END_DECLS
