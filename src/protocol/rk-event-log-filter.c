/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-event-log-filter.c: the filter of RkEventLog: a case-insensitive substring search over
 * the stored JSON text of the events and their names, the scan that keeps `matches`, and the
 * filter's setters
 */

#define G_LOG_DOMAIN "rk-event-log"

#include "config.h"

#include <string.h>

#include "rk-event-log-private.h"
#include "rk-event-log.h"
#include "rk-util-private.h"

/* How much of the newest text a new filter looks at to find the rarest byte of its needle */
#define FILTER_SAMPLE_SIZE (64 * 1024)

typedef enum
{
  NAME_CHECKED = 1 << 0,
  NAME_ALLOWED = 1 << 1,
  NAME_MATCHES = 1 << 2,
} NameFlags;

/* The search */

/* How common a byte is in JSON event payloads, roughly. The search looks for the rarest
 * byte of the needle first, so memchr () skips most of the text; counts sampled from the
 * stored text decide, and this table breaks ties. */
static int
byte_frequency (guchar c)
{
  static const char letters[] = "etaoinsrhldcumfpgwybvkxjqz";
  const char *p;

  c = g_ascii_tolower (c);
  if ((p = strchr (letters, c)) != NULL && c != '\0')
    return 100 - (p - letters) * 3;
  if (g_ascii_isdigit (c))
    return 110;
  if (strchr ("\"',:{}[] .-_", c) != NULL)
    return 120;
  if (c >= 0x80)
    return 40;
  return 10;
}

static void
needle_clear (Needle *needle)
{
  g_clear_pointer (&needle->lower, g_free);
  needle->len = 0;
}

/* @counts: how often each (lowered) byte occurs in a sample of the stored text, or NULL */
static void
needle_init (Needle       *needle,
             const char   *text,
             const guint  *counts)
{
  guint64 best = G_MAXUINT64;

  needle_clear (needle);
  if (text == NULL)
    return;

  needle->lower = g_ascii_strdown (text, -1);
  needle->len = strlen (needle->lower);
  needle->rare = 0;
  for (gsize i = 0; i < needle->len; i++)
    {
      guchar c = needle->lower[i];
      guint64 frequency = byte_frequency (c);

      /* Measured counts first, the table to break ties */
      if (counts != NULL)
        frequency += (guint64)counts[c] << 8;

      if (frequency < best)
        {
          best = frequency;
          needle->rare = i;
        }
    }

  if (needle->len > 0)
    {
      needle->rare_lower = needle->lower[needle->rare];
      needle->rare_upper = g_ascii_toupper (needle->rare_lower);
    }
}

static inline gboolean
needle_matches_at (const Needle *needle,
                   const char   *text)
{
  for (gsize i = 0; i < needle->len; i++)
    {
      char c = text[i];

      if (c >= 'A' && c <= 'Z')
        c += 'a' - 'A';
      if (c != needle->lower[i])
        return FALSE;
    }

  return TRUE;
}

static inline const char *
find_byte (const char *from,
           const char *end,
           char        c)
{
  return from < end ? memchr (from, c, end - from) : NULL;
}

/* Whether @needle occurs in @text[0..len), ignoring the case of ASCII letters. */
static gboolean
needle_find (const Needle *needle,
             const char   *text,
             gsize         len)
{
  const char *end;
  const char *lower;
  const char *upper;

  if (needle->len == 0)
    return TRUE;
  if (needle->len > len)
    return FALSE;

  /* A match at i puts the rare byte at i + rare, for i in [0, len - needle->len] */
  end = text + len - needle->len + needle->rare + 1;
  lower = find_byte (text + needle->rare, end, needle->rare_lower);
  upper = needle->rare_upper == needle->rare_lower
            ? NULL : find_byte (text + needle->rare, end, needle->rare_upper);

  while (lower != NULL || upper != NULL)
    {
      const char *hit = (upper == NULL || (lower != NULL && lower < upper)) ? lower : upper;

      if (needle_matches_at (needle, hit - needle->rare))
        return TRUE;

      if (hit == lower)
        lower = find_byte (hit + 1, end, needle->rare_lower);
      else
        upper = find_byte (hit + 1, end, needle->rare_upper);
    }

  return FALSE;
}

/* The scan */

static guint8
name_flags (RkEventLog *self,
            guint32     name_id)
{
  const char *name;
  guint8 flags = NAME_CHECKED;

  if (name_id < self->name_flags->len && g_array_index (self->name_flags, guint8, name_id) != 0)
    return g_array_index (self->name_flags, guint8, name_id);

  name = _rk_event_log_interner_get (&self->names, name_id);
  if (self->filter_names == NULL || g_strv_contains ((const char * const *)self->filter_names,
                                                     name))
    flags |= NAME_ALLOWED;
  if (self->needle.len > 0 && needle_find (&self->needle, name, strlen (name)))
    flags |= NAME_MATCHES;

  if (name_id >= self->name_flags->len)
    g_array_set_size (self->name_flags, self->names.strings->len);
  g_array_index (self->name_flags, guint8, name_id) = flags;

  return flags;
}

static inline gboolean
record_matches (RkEventLog   *self,
                const Record *record)
{
  guint8 flags;

  if (G_LIKELY (record->name < self->name_flags->len))
    flags = g_array_index (self->name_flags, guint8, record->name);
  else
    flags = 0;

  if (G_UNLIKELY (flags == 0))
    flags = name_flags (self, record->name);

  if (!(flags & NAME_ALLOWED))
    return FALSE;
  if (self->needle.len == 0 || (flags & NAME_MATCHES))
    return TRUE;

  return needle_find (&self->needle, record_text (self, record), record->length);
}

/* Adds the matches among [scanned_seq, next_seq). */
void
_rk_event_log_scan_new (RkEventLog *self)
{
  for (guint64 seq = self->scanned_seq; seq < self->next_seq; seq++)
    {
      if (record_matches (self, record_at (self, seq)))
        g_array_append_val (self->matches, seq);
    }

  self->scanned_seq = self->next_seq;
}

/* Counts the bytes of the newest text, so the search can look for the needle's rarest. */
static void
sample_byte_counts (RkEventLog *self,
                    guint       counts[256])
{
  gsize sampled = 0;

  memset (counts, 0, 256 * sizeof (guint));

  for (guint i = self->chunks->len; i > 0 && sampled < FILTER_SAMPLE_SIZE; i--)
    {
      const Chunk *chunk = g_ptr_array_index (self->chunks, i - 1);
      gsize n = MIN (chunk->used, FILTER_SAMPLE_SIZE - sampled);
      const guchar *data = (const guchar *)chunk->data + chunk->used - n;

      for (gsize j = 0; j < n; j++)
        counts[(guchar)g_ascii_tolower (data[j])]++;
      sampled += n;
    }
}

static void
compact_matches (RkEventLog *self)
{
  if (self->match_head > 4096 && self->match_head > self->matches->len / 2)
    {
      g_array_remove_range (self->matches, 0, self->match_head);
      self->match_head = 0;
    }
}

/* Drops the matches before @new_first. Returns how many of them the view showed. */
guint
_rk_event_log_trim_matches (RkEventLog *self,
                            guint64     new_first)
{
  const guint64 *seqs = (const guint64 *)(gpointer)self->matches->data;
  guint low = self->match_head;
  guint high = self->matches->len;
  guint removed;

  /* The first match at or after new_first */
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (seqs[middle] < new_first)
        low = middle + 1;
      else
        high = middle;
    }

  removed = MIN (low - self->match_head, self->n_shown);
  self->n_shown -= removed;
  self->match_head = low;
  compact_matches (self);

  return removed;
}

/* Applies filter_text and filter_names to the stored events: the view keeps its extent (a
 * paused view stays paused), so only the matches before shown_seq are shown, the others are
 * pending. */
static void
rescan (RkEventLog *self)
{
  if (self->filter_text != NULL)
    {
      guint counts[256];

      sample_byte_counts (self, counts);
      needle_init (&self->needle, self->filter_text, counts);
    }
  else
    {
      needle_clear (&self->needle);
    }
  g_array_set_size (self->name_flags, 0);

  self->filtering = self->filter_text != NULL || self->filter_names != NULL;
  g_array_set_size (self->matches, 0);
  self->match_head = 0;
  self->n_shown = 0;
  self->scanned_seq = self->first_seq;

  if (self->filtering)
    {
      for (guint64 seq = self->first_seq; seq < self->next_seq; seq++)
        {
          if (record_matches (self, record_at (self, seq)))
            {
              g_array_append_val (self->matches, seq);
              if (seq < self->shown_seq)
                self->n_shown++;
            }
        }
      self->scanned_seq = self->next_seq;
    }
}

/* Setting the filter */

static void
apply_filter (RkEventLog *self,
              const char *text,
              char      **names)
{
  guint old_visible = count_visible (self);
  gboolean text_changed;
  gboolean names_changed;

  if (text != NULL && text[0] == '\0')
    text = NULL;

  text_changed = g_strcmp0 (text, self->filter_text) != 0;
  names_changed = !((names == NULL && self->filter_names == NULL) ||
                    (names != NULL && self->filter_names != NULL &&
                     g_strv_equal ((const char * const *)names,
                                   (const char * const *)self->filter_names)));

  if (!text_changed && !names_changed)
    {
      g_strfreev (names);
      return;
    }

  rk_set_str (&self->filter_text, text);
  g_strfreev (self->filter_names);
  self->filter_names = names;
  rescan (self);
  _rk_event_log_filter_changed (self, old_visible, text_changed, names_changed);
}

/**
 * rk_event_log_set_filter:
 * @self: a #RkEventLog
 * @text: (nullable): text to look for; %NULL or "" for any
 * @names: (nullable) (array zero-terminated=1): the event names to show; %NULL for all
 *
 * Shows only the events whose name is in @names and whose name or JSON argument text
 * contains @text, ignoring the case of ASCII letters. The model changes in one
 * items-changed; later appends that match join the view as usual.
 */
void
rk_event_log_set_filter (RkEventLog         *self,
                         const char         *text,
                         const char * const *names)
{
  g_return_if_fail (RK_IS_EVENT_LOG (self));

  apply_filter (self, text, g_strdupv ((char **)names));
}

/**
 * rk_event_log_get_filter_text:
 * @self: a #RkEventLog
 *
 * Returns: (nullable): the text the filter looks for, or %NULL for any
 */
const char *
rk_event_log_get_filter_text (RkEventLog *self)
{
  g_return_val_if_fail (RK_IS_EVENT_LOG (self), NULL);
  return self->filter_text;
}

/**
 * rk_event_log_set_filter_text:
 * @self: a #RkEventLog
 * @text: (nullable): text to look for; %NULL or "" for any
 *
 * Changes the text of the filter, keeping its names (see rk_event_log_set_filter ()).
 */
void
rk_event_log_set_filter_text (RkEventLog *self,
                              const char *text)
{
  g_return_if_fail (RK_IS_EVENT_LOG (self));

  apply_filter (self, text, g_strdupv (self->filter_names));
}

/**
 * rk_event_log_get_filter_names:
 * @self: a #RkEventLog
 *
 * Returns: (nullable) (transfer none): the event names shown, or %NULL for all
 */
const char * const *
rk_event_log_get_filter_names (RkEventLog *self)
{
  g_return_val_if_fail (RK_IS_EVENT_LOG (self), NULL);
  return (const char * const *)self->filter_names;
}

/**
 * rk_event_log_set_filter_names:
 * @self: a #RkEventLog
 * @names: (nullable) (array zero-terminated=1): the event names to show; %NULL for all
 *
 * Changes the names of the filter, keeping its text (see rk_event_log_set_filter ()).
 */
void
rk_event_log_set_filter_names (RkEventLog         *self,
                               const char * const *names)
{
  g_return_if_fail (RK_IS_EVENT_LOG (self));

  apply_filter (self, self->filter_text, g_strdupv ((char **)names));
}
