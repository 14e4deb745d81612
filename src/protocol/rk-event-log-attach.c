/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-event-log-attach.c: RkEventLog recording the events of RkConnections */

#define G_LOG_DOMAIN "rk-event-log"

#include "config.h"

#include "rk-connection.h"
#include "rk-event-log-private.h"
#include "rk-event-log.h"
#include "rk-util-private.h"

typedef struct
{
  RkEventLog *self;
  RkConnection *connection;     /* weak */
  char *label;
  gulong handler;
} Attachment;

static void
attachment_free (Attachment *attachment)
{
  g_free (attachment->label);
  g_free (attachment);
}

static void
connection_finalized_cb (gpointer  user_data,
                         GObject  *where_the_object_was)
{
  Attachment *attachment = user_data;

  /* The handler went with the connection */
  g_hash_table_remove (attachment->self->attachments, where_the_object_was);
}

static void
attachment_disconnect (Attachment *attachment)
{
  g_clear_signal_handler (&attachment->handler, attachment->connection);
  g_object_weak_unref (G_OBJECT (attachment->connection), connection_finalized_cb, attachment);
}

static void
event_cb (RkConnection *connection,
          const char   *name,
          JsonNode     *args,
          gpointer      user_data)
{
  RkEventLog *self = user_data;
  Attachment *attachment = g_hash_table_lookup (self->attachments, connection);

  g_assert (RK_IS_EVENT_LOG (self));

  if (attachment != NULL)
    rk_event_log_append (self, g_get_real_time (), attachment->label, name, args);
}

/* The table of attached connections: RkConnection * → Attachment * */
GHashTable *
_rk_event_log_attachments_new (void)
{
  return g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)attachment_free);
}

/* Detaches every connection, as the log goes away. */
void
_rk_event_log_detach_all (RkEventLog *self)
{
  GHashTableIter iter;
  Attachment *attachment;

  g_hash_table_iter_init (&iter, self->attachments);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&attachment))
    attachment_disconnect (attachment);
  g_hash_table_remove_all (self->attachments);
}

/**
 * rk_event_log_attach:
 * @self: a #RkEventLog
 * @connection: a #RkConnection
 * @label: (nullable): the label of its events; %NULL for the actor ID
 *
 * Records every event @connection emits, stamped with the time it arrives, until
 * rk_event_log_detach () or until either object goes away. Attaching a connection again
 * changes its label.
 */
void
rk_event_log_attach (RkEventLog   *self,
                     RkConnection *connection,
                     const char   *label)
{
  Attachment *attachment;

  g_return_if_fail (RK_IS_EVENT_LOG (self));
  g_return_if_fail (RK_IS_CONNECTION (connection));

  if (label == NULL)
    label = rk_connection_get_actor_id (connection);

  if ((attachment = g_hash_table_lookup (self->attachments, connection)))
    {
      rk_set_str (&attachment->label, label);
      return;
    }

  attachment = g_new0 (Attachment, 1);
  attachment->self = self;
  attachment->connection = connection;
  attachment->label = g_strdup (label);
  attachment->handler = g_signal_connect_object (connection, "event",
                                                 G_CALLBACK (event_cb), self, 0);
  g_object_weak_ref (G_OBJECT (connection), connection_finalized_cb, attachment);
  g_hash_table_insert (self->attachments, connection, attachment);
}

/**
 * rk_event_log_detach:
 * @self: a #RkEventLog
 * @connection: a #RkConnection attached with rk_event_log_attach ()
 *
 * Stops recording the events of @connection. Its events stay in the log.
 */
void
rk_event_log_detach (RkEventLog   *self,
                     RkConnection *connection)
{
  Attachment *attachment;

  g_return_if_fail (RK_IS_EVENT_LOG (self));
  g_return_if_fail (RK_IS_CONNECTION (connection));

  if ((attachment = g_hash_table_lookup (self->attachments, connection)))
    {
      attachment_disconnect (attachment);
      g_hash_table_remove (self->attachments, connection);
    }
}
