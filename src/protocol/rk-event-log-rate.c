/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-event-log-rate.c: how many events a second the log receives, measured over a
 * sliding window of a few seconds while events come */

#define G_LOG_DOMAIN "rk-event-log"

#include "config.h"

#include <string.h>

#include "rk-event-log-private.h"

#define RATE_WINDOW_US (3 * G_USEC_PER_SEC)

static void
rate_push_sample (RkEventLog *self,
                  gint64      now)
{
  if (self->n_samples == RATE_SAMPLES)
    {
      memmove (self->samples, self->samples + 1, sizeof self->samples[0] * (RATE_SAMPLES - 1));
      self->n_samples--;
    }

  self->samples[self->n_samples].time = now;
  self->samples[self->n_samples].count = self->next_seq;
  self->n_samples++;
}

/* Every RATE_INTERVAL_MS while events come: the rate over the last few seconds. */
gboolean
_rk_event_log_rate_cb (gpointer user_data)
{
  RkEventLog *self = user_data;
  gint64 now = g_get_monotonic_time ();
  double rate = 0;
  gboolean active;
  guint drop = 0;

  rate_push_sample (self, now);
  while (drop + 1 < self->n_samples && self->samples[drop].time < now - RATE_WINDOW_US)
    drop++;
  memmove (self->samples, self->samples + drop, sizeof self->samples[0] * (self->n_samples - drop));
  self->n_samples -= drop;

  active = self->samples[0].count != self->next_seq;
  if (active && now > self->samples[0].time)
    rate = (self->next_seq - self->samples[0].count) * (double)G_USEC_PER_SEC /
           (now - self->samples[0].time);

  if (rate != self->rate)
    {
      self->rate = rate;
      g_object_notify (G_OBJECT (self), "rate");
    }

  if (active)
    return G_SOURCE_CONTINUE;

  self->n_samples = 0;
  g_clear_pointer (&self->rate_source, g_source_unref);
  return G_SOURCE_REMOVE;
}
