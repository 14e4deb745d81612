/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-event-log.c: a capped, filterable GListModel of the events of many connections
 *
 * Built to hold a million events. An event is not a GObject in memory but a 32-byte Record:
 * its time, the ids of its name and connection label in two intern tables, and where its
 * arguments sit in an append-only arena of byte chunks, as compact JSON text. Records live in
 * fixed blocks of 1024, so dropping the oldest frees whole blocks and chunks, and no memory
 * moves. The model makes an RkEvent only when get_item () asks (a virtualised view asks for
 * the rows it shows) and keeps the last few in a small cache.
 *
 * Events are numbered (`seq`) from 1 and never renumbered. The stored events are
 * [first_seq, next_seq). The view holds those before shown_seq: appends are published in one
 * items-changed at a flush, or never while paused. A flush comes flush-interval ms (16 by
 * default) after the first append since the last one; a widget showing the log calls
 * rk_event_log_flush () once per frame instead, from its frame clock, and raises the
 * interval so that the timer is only a fallback. With a filter, the view is the `matches`
 * array (the matching seqs, scanned up to scanned_seq), of which the first n_shown are
 * published.
 *
 * Filtering and export work on the bytes of the arena: a filter is a case-insensitive
 * substring search over the JSON text, and an export line splices the stored text into
 * `{"time":…,"args":<text>}`. Neither parses JSON, which is what makes them fast.
 *
 * This file has the GObject, the model and the view; rk-event-log-private.h says which
 * rk-event-log-*.c file has the rest.
 */

#define G_LOG_DOMAIN "rk-event-log"

#include "config.h"

#include <string.h>

#include "rk-event-log-private.h"
#include "rk-event-log.h"
#include "rk-event.h"

#define FLUSH_INTERVAL_MS 16
/* GTK 4.8 list views look up every added item (g_list_model_get_item ()) when a change
 * removes a row they track: a filter change adding more than this many is published as a
 * removal, then an addition, which they take in O(rows shown). */
#define SPLIT_CHANGE_MIN 1024
#define RATE_INTERVAL_MS 500

enum {
  PROP_0,
  PROP_CAP,
  PROP_N_EVENTS,
  PROP_N_VISIBLE,
  PROP_PENDING,
  PROP_RATE,
  PROP_PAUSED,
  PROP_FILTER_TEXT,
  PROP_FILTER_NAMES,
  PROP_FLUSH_INTERVAL,
  N_PROPS
};

static void rk_event_log_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RkEventLog, rk_event_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rk_event_log_list_model_iface_init))

static GParamSpec *properties[N_PROPS];

/* The view */

static guint
count_pending (RkEventLog *self)
{
  if (self->filtering)
    return self->matches->len - self->match_head - self->n_shown;
  return (guint)(self->next_seq - self->shown_seq);
}

static void
emit_items_changed (RkEventLog *self,
                    guint       position,
                    guint       removed,
                    guint       added)
{
  if (removed == 0 && added == 0)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_VISIBLE]);
}

/* n-events and pending change with every append: they are notified once per flush. */
static void
notify_counts (RkEventLog *self)
{
  guint n_events = (guint)(self->next_seq - self->first_seq);
  guint pending = count_pending (self);

  if (n_events != self->notified_n_events)
    {
      self->notified_n_events = n_events;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EVENTS]);
    }

  if (pending != self->notified_pending)
    {
      self->notified_pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
}

/* Drops the events before @new_first; the view loses those it showed. */
void
_rk_event_log_trim_to (RkEventLog *self,
                       guint64     new_first)
{
  guint removed;

  new_first = MIN (new_first, self->next_seq);
  if (new_first <= self->first_seq)
    return;

  if (self->filtering)
    removed = _rk_event_log_trim_matches (self, new_first);
  else
    removed = (guint)(MIN (self->shown_seq, new_first) - self->first_seq);

  self->first_seq = new_first;
  self->shown_seq = MAX (self->shown_seq, new_first);
  self->scanned_seq = MAX (self->scanned_seq, new_first);
  _rk_event_log_release_storage (self);

  emit_items_changed (self, 0, removed, 0);
}

static gboolean flush_cb (gpointer user_data);

static GSource *
add_timeout (RkEventLog  *self,
             guint        interval_ms,
             GSourceFunc  callback,
             const char  *name)
{
  GSource *source = g_timeout_source_new (interval_ms);

  g_source_set_callback (source, callback, self, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, self->context);

  return source;
}

/* Schedules the flush of a new event, and starts measuring the rate. */
void
_rk_event_log_note_append (RkEventLog *self)
{
  if (self->flush_source == NULL)
    self->flush_source = add_timeout (self, self->flush_interval, flush_cb,
                                      "[rk] event log flush");

  if (G_UNLIKELY (self->rate_source == NULL))
    {
      self->samples[0].time = g_get_monotonic_time ();
      self->samples[0].count = self->next_seq - 1;
      self->n_samples = 1;
      self->rate_source = add_timeout (self, RATE_INTERVAL_MS, _rk_event_log_rate_cb,
                                       "[rk] event log rate");
    }
}

static void
flush_now (RkEventLog *self)
{
  guint position = count_visible (self);
  guint added;

  /* Not from a handler of the removal that starts a filter change: the flush waits */
  if (G_UNLIKELY (self->emptied))
    {
      _rk_event_log_note_append (self);
      return;
    }

  self->flushed_seq = self->next_seq;
  if (self->filtering)
    _rk_event_log_scan_new (self);

  if (!self->paused && self->shown_seq < self->next_seq)
    {
      if (self->filtering)
        {
          added = self->matches->len - self->match_head - self->n_shown;
          self->n_shown += added;
        }
      else
        {
          added = (guint)(self->next_seq - self->shown_seq);
        }

      self->shown_seq = self->next_seq;
      emit_items_changed (self, position, 0, added);
    }

  notify_counts (self);
}

static gboolean
flush_cb (gpointer user_data)
{
  RkEventLog *self = user_data;

  g_clear_pointer (&self->flush_source, g_source_unref);
  flush_now (self);

  return G_SOURCE_REMOVE;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* Publishes a new filter: the view had @old_visible items. */
void
_rk_event_log_filter_changed (RkEventLog *self,
                              guint       old_visible,
                              gboolean    text_changed,
                              gboolean    names_changed)
{
  guint new_visible = count_visible (self);

  if (old_visible != 0 && new_visible > SPLIT_CHANGE_MIN)
    {
      /* Empty for the length of the removal, so that the model agrees with the change */
      self->emptied = TRUE;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_visible, 0);
      self->emptied = FALSE;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_visible);
    }
  else if (old_visible != 0 || new_visible != 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_visible, new_visible);
    }
  g_object_freeze_notify (G_OBJECT (self));
  if (old_visible != count_visible (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_VISIBLE]);
  if (text_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_TEXT]);
  if (names_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_NAMES]);
  notify_counts (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* GListModel */

static GType
rk_event_log_get_item_type (GListModel *model)
{
  return RK_TYPE_EVENT;
}

static guint
rk_event_log_get_n_items (GListModel *model)
{
  return count_visible (RK_EVENT_LOG (model));
}

static gpointer
rk_event_log_get_item (GListModel *model,
                       guint       position)
{
  RkEventLog *self = RK_EVENT_LOG (model);
  guint64 seq;

  if (position >= count_visible (self))
    return NULL;

  if (self->filtering)
    seq = g_array_index (self->matches, guint64, self->match_head + position);
  else
    seq = self->first_seq + position;

  return _rk_event_log_make_item (self, seq);
}

static void
rk_event_log_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rk_event_log_get_item_type;
  iface->get_n_items = rk_event_log_get_n_items;
  iface->get_item = rk_event_log_get_item;
}

/* GObject */

static void
rk_event_log_dispose (GObject *object)
{
  RkEventLog *self = (RkEventLog *)object;

  _rk_event_log_detach_all (self);
  clear_source (&self->flush_source);
  clear_source (&self->rate_source);

  for (guint i = 0; i < ITEM_CACHE_SIZE; i++)
    g_clear_object (&self->item_cache[i]);

  G_OBJECT_CLASS (rk_event_log_parent_class)->dispose (object);
}

static void
rk_event_log_finalize (GObject *object)
{
  RkEventLog *self = (RkEventLog *)object;

  g_clear_pointer (&self->attachments, g_hash_table_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  _rk_event_log_interner_destroy (&self->names);
  _rk_event_log_interner_destroy (&self->connections);
  g_clear_pointer (&self->sorted_names, g_free);
  g_string_free (self->scratch, TRUE);
  g_clear_pointer (&self->filter_text, g_free);
  g_clear_pointer (&self->filter_names, g_strfreev);
  g_clear_pointer (&self->needle.lower, g_free);
  g_clear_pointer (&self->name_flags, g_array_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (rk_event_log_parent_class)->finalize (object);
}

static void
rk_event_log_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RkEventLog *self = RK_EVENT_LOG (object);

  switch (prop_id)
    {
    case PROP_CAP:
      g_value_set_uint (value, self->cap);
      break;

    case PROP_N_EVENTS:
      g_value_set_uint (value, rk_event_log_get_n_events (self));
      break;

    case PROP_N_VISIBLE:
      g_value_set_uint (value, count_visible (self));
      break;

    case PROP_PENDING:
      g_value_set_uint (value, count_pending (self));
      break;

    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_FILTER_TEXT:
      g_value_set_string (value, self->filter_text);
      break;

    case PROP_FILTER_NAMES:
      g_value_set_boxed (value, self->filter_names);
      break;

    case PROP_FLUSH_INTERVAL:
      g_value_set_uint (value, self->flush_interval);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rk_event_log_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RkEventLog *self = RK_EVENT_LOG (object);

  switch (prop_id)
    {
    case PROP_CAP:
      rk_event_log_set_cap (self, g_value_get_uint (value));
      break;

    case PROP_PAUSED:
      rk_event_log_set_paused (self, g_value_get_boolean (value));
      break;

    case PROP_FILTER_TEXT:
      rk_event_log_set_filter_text (self, g_value_get_string (value));
      break;

    case PROP_FILTER_NAMES:
      rk_event_log_set_filter_names (self, g_value_get_boxed (value));
      break;

    case PROP_FLUSH_INTERVAL:
      rk_event_log_set_flush_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rk_event_log_class_init (RkEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rk_event_log_dispose;
  object_class->finalize = rk_event_log_finalize;
  object_class->get_property = rk_event_log_get_property;
  object_class->set_property = rk_event_log_set_property;

  /**
   * RkEventLog:cap:
   *
   * The most events kept. Reaching it drops the oldest 1/64 of the cap at once.
   */
  properties[PROP_CAP] =
    g_param_spec_uint ("cap", NULL, NULL, 1, G_MAXUINT, RK_EVENT_LOG_DEFAULT_CAP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RkEventLog:n-events:
   *
   * How many events are stored, shown or not. Notified at most once per flush.
   */
  properties[PROP_N_EVENTS] =
    g_param_spec_uint ("n-events", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RkEventLog:n-visible:
   *
   * How many events the model holds (the view: filtered, flushed, not paused).
   */
  properties[PROP_N_VISIBLE] =
    g_param_spec_uint ("n-visible", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RkEventLog:pending:
   *
   * How many recorded events the view does not show yet: those that arrived while it was
   * paused (and match the filter), or since the last flush.
   */
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RkEventLog:rate:
   *
   * Events per second over the last three seconds, updated twice a second.
   */
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_FILTER_TEXT] =
    g_param_spec_string ("filter-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_FILTER_NAMES] =
    g_param_spec_boxed ("filter-names", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RkEventLog:flush-interval:
   *
   * How long after an append the log flushes by itself, in milliseconds. A view that calls
   * rk_event_log_flush () every frame raises it, to keep the timer as a fallback.
   */
  properties[PROP_FLUSH_INTERVAL] =
    g_param_spec_uint ("flush-interval", NULL, NULL, 1, G_MAXINT, FLUSH_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rk_event_log_init (RkEventLog *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->attachments = _rk_event_log_attachments_new ();
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  self->chunks = g_ptr_array_new_with_free_func (g_free);
  self->next_chunk_size = CHUNK_MIN;
  _rk_event_log_interner_init (&self->names);
  _rk_event_log_interner_init (&self->connections);
  self->scratch = g_string_sized_new (256);
  self->name_flags = g_array_new (FALSE, TRUE, sizeof (guint8));
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->cap = RK_EVENT_LOG_DEFAULT_CAP;
  self->flush_interval = FLUSH_INTERVAL_MS;

  /* seq 0 is never used: a zeroed item_cache_seq matches nothing */
  self->first_seq = self->next_seq = self->shown_seq = self->scanned_seq = 1;
  self->flushed_seq = 1;
  self->first_block = self->first_seq >> BLOCK_SHIFT;
}

/* Public API */

/**
 * rk_event_log_new:
 *
 * Creates an empty log with a cap of %RK_EVENT_LOG_DEFAULT_CAP events. It flushes appends
 * in the thread-default main context of the caller, and must be used from that thread.
 *
 * Returns: (transfer full): a new #RkEventLog
 */
RkEventLog *
rk_event_log_new (void)
{
  return g_object_new (RK_TYPE_EVENT_LOG, NULL);
}

/**
 * rk_event_log_flush:
 * @self: a #RkEventLog
 *
 * Publishes the events appended since the last flush now, in one items-changed, and
 * notifies the counts. A paused log only updates #RkEventLog:pending.
 */
void
rk_event_log_flush (RkEventLog *self)
{
  g_return_if_fail (RK_IS_EVENT_LOG (self));

  clear_source (&self->flush_source);
  flush_now (self);
}

/**
 * rk_event_log_get_n_unflushed:
 * @self: a #RkEventLog
 *
 * How many events were appended since the last flush (or clear): a widget that flushes
 * from its frame clock asks this to know whether the next frame has work.
 *
 * Returns: the number of events appended since the last flush
 */
guint
rk_event_log_get_n_unflushed (RkEventLog *self)
{
  g_return_val_if_fail (RK_IS_EVENT_LOG (self), 0);
  return (guint)MIN (self->next_seq - self->flushed_seq, G_MAXUINT);
}

/**
 * rk_event_log_get_flush_interval:
 * @self: a #RkEventLog
 *
 * Returns: how long after an append the log flushes by itself, in milliseconds
 */
guint
rk_event_log_get_flush_interval (RkEventLog *self)
{
  g_return_val_if_fail (RK_IS_EVENT_LOG (self), 0);
  return self->flush_interval;
}

/**
 * rk_event_log_set_flush_interval:
 * @self: a #RkEventLog
 * @interval_ms: milliseconds, at least 1
 *
 * Sets how long after an append the log flushes by itself (16 ms by default). A widget
 * that calls rk_event_log_flush () from its frame clock sets a few frames here, so that
 * the timer only flushes when frames stop. A flush already due is rescheduled.
 */
void
rk_event_log_set_flush_interval (RkEventLog *self,
                                 guint       interval_ms)
{
  g_return_if_fail (RK_IS_EVENT_LOG (self));
  g_return_if_fail (interval_ms > 0 && interval_ms <= G_MAXINT);

  if (self->flush_interval == interval_ms)
    return;

  self->flush_interval = interval_ms;
  if (self->flush_source != NULL)
    {
      clear_source (&self->flush_source);
      self->flush_source = add_timeout (self, self->flush_interval, flush_cb,
                                        "[rk] event log flush");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLUSH_INTERVAL]);
}

/**
 * rk_event_log_clear:
 * @self: a #RkEventLog
 *
 * Drops every event, and forgets the event names seen. Attached connections stay attached.
 */
void
rk_event_log_clear (RkEventLog *self)
{
  guint old_visible;

  g_return_if_fail (RK_IS_EVENT_LOG (self));

  old_visible = count_visible (self);
  clear_source (&self->flush_source);

  _rk_event_log_reset_storage (self);
  g_array_set_size (self->name_flags, 0);
  g_array_set_size (self->matches, 0);
  self->match_head = 0;
  self->n_shown = 0;
  for (guint i = 0; i < ITEM_CACHE_SIZE; i++)
    g_clear_object (&self->item_cache[i]);

  self->first_seq = self->shown_seq = self->scanned_seq = self->flushed_seq = self->next_seq;
  self->first_block = self->first_seq >> BLOCK_SHIFT;

  g_object_freeze_notify (G_OBJECT (self));
  emit_items_changed (self, 0, old_visible, 0);
  notify_counts (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * rk_event_log_get_cap:
 * @self: a #RkEventLog
 *
 * Returns: the most events kept
 */
guint
rk_event_log_get_cap (RkEventLog *self)
{
  g_return_val_if_fail (RK_IS_EVENT_LOG (self), 0);
  return self->cap;
}

/**
 * rk_event_log_set_cap:
 * @self: a #RkEventLog
 * @cap: the most events to keep, at least 1
 *
 * A cap below the number of events stored drops the oldest now.
 */
void
rk_event_log_set_cap (RkEventLog *self,
                      guint       cap)
{
  g_return_if_fail (RK_IS_EVENT_LOG (self));
  g_return_if_fail (cap > 0);

  if (self->cap == cap)
    return;

  self->cap = cap;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->next_seq - self->first_seq > cap)
    _rk_event_log_trim_to (self, self->next_seq - cap);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAP]);
  notify_counts (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * rk_event_log_get_n_events:
 * @self: a #RkEventLog
 *
 * Returns: how many events are stored, shown or not
 */
guint
rk_event_log_get_n_events (RkEventLog *self)
{
  g_return_val_if_fail (RK_IS_EVENT_LOG (self), 0);
  return (guint)(self->next_seq - self->first_seq);
}

/**
 * rk_event_log_get_n_visible:
 * @self: a #RkEventLog
 *
 * Returns: how many events the model holds
 */
guint
rk_event_log_get_n_visible (RkEventLog *self)
{
  g_return_val_if_fail (RK_IS_EVENT_LOG (self), 0);
  return count_visible (self);
}

/**
 * rk_event_log_get_pending:
 * @self: a #RkEventLog
 *
 * Returns: how many recorded events the view does not show yet (see #RkEventLog:pending)
 */
guint
rk_event_log_get_pending (RkEventLog *self)
{
  g_return_val_if_fail (RK_IS_EVENT_LOG (self), 0);
  return count_pending (self);
}

/**
 * rk_event_log_get_rate:
 * @self: a #RkEventLog
 *
 * Returns: events per second over the last three seconds
 */
double
rk_event_log_get_rate (RkEventLog *self)
{
  g_return_val_if_fail (RK_IS_EVENT_LOG (self), 0);
  return self->rate;
}

/**
 * rk_event_log_get_paused:
 * @self: a #RkEventLog
 *
 * Returns: whether the view is frozen
 */
gboolean
rk_event_log_get_paused (RkEventLog *self)
{
  g_return_val_if_fail (RK_IS_EVENT_LOG (self), FALSE);
  return self->paused;
}

/**
 * rk_event_log_set_paused:
 * @self: a #RkEventLog
 * @paused: whether to freeze the view
 *
 * A paused view keeps its rows while events are still recorded (#RkEventLog:pending counts
 * them); only events dropped by the cap leave it. Unpausing shows them all in one
 * items-changed.
 */
void
rk_event_log_set_paused (RkEventLog *self,
                         gboolean    paused)
{
  g_return_if_fail (RK_IS_EVENT_LOG (self));

  paused = !!paused;
  if (self->paused == (guint)paused)
    return;

  self->paused = paused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);

  if (!paused)
    rk_event_log_flush (self);
}
