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
 * items-changed at most every FLUSH_INTERVAL_MS, or never while paused. With a filter, the
 * view is the `matches` array (the matching seqs, scanned up to scanned_seq), of which the
 * first n_shown are published.
 *
 * Filtering and export work on the bytes of the arena: a filter is a case-insensitive
 * substring search over the JSON text, and an export line splices the stored text into
 * `{"time":…,"args":<text>}`. Neither parses JSON, which is what makes them fast.
 */

#define G_LOG_DOMAIN "rk-event-log"

#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "rk-connection.h"
#include "rk-event-log.h"
#include "rk-event.h"
#include "rk-util-private.h"

#define BLOCK_SHIFT 10
#define BLOCK_SIZE (1u << BLOCK_SHIFT)
#define BLOCK_MASK (BLOCK_SIZE - 1)
#define CHUNK_MIN (4 * 1024)
#define CHUNK_MAX (1024 * 1024)
/* Reaching the cap drops this share of it at once, so trimming costs O(1) per append */
#define TRIM_DIVISOR 64
#define FLUSH_INTERVAL_MS 16
#define RATE_INTERVAL_MS 500
#define RATE_WINDOW_US (3 * G_USEC_PER_SEC)
#define RATE_SAMPLES 8
#define ITEM_CACHE_SIZE 64
#define EXPORT_BUFFER_SIZE (1024 * 1024)
#define JSON_MAX_DEPTH 256
/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z */
#define MIN_SECOND G_GINT64_CONSTANT (-62135596800)
#define MAX_SECOND G_GINT64_CONSTANT (253402300799)
/* The id of a NULL connection label */
#define NO_CONNECTION G_MAXUINT32

typedef struct
{
  gint64 time;
  guint32 chunk;
  guint32 offset;
  guint32 length;
  guint32 name;
  guint32 connection;
} Record;

typedef struct
{
  gsize size;
  gsize used;
  char data[];
} Chunk;

typedef struct
{
  GHashTable *ids;      /* char * (owned by strings) → id + 1 */
  GPtrArray *strings;   /* id → char * */
  GPtrArray *quoted;    /* id → the string as JSON text, made for exports */
  guint last;           /* the last id looked up: events come in runs */
} Interner;

typedef struct
{
  char *lower;          /* the needle, ASCII letters lowered */
  gsize len;
  gsize rare;           /* the index of the byte to look for first */
  char rare_lower;
  char rare_upper;
} Needle;

typedef enum
{
  NAME_CHECKED = 1 << 0,
  NAME_ALLOWED = 1 << 1,
  NAME_MATCHES = 1 << 2,
} NameFlags;

typedef struct
{
  gint64 time;
  guint64 count;
} RateSample;

typedef struct
{
  RkEventLog *self;
  RkConnection *connection;     /* weak */
  char *label;
  gulong handler;
} Attachment;

struct _RkEventLog
{
  GObject parent_instance;

  /* Owned references */
  GMainContext *context;
  GSource *flush_source;
  GSource *rate_source;
  RkEvent *item_cache[ITEM_CACHE_SIZE];

  /* State */
  GHashTable *attachments;      /* RkConnection * → Attachment * */
  GPtrArray *blocks;            /* Record[BLOCK_SIZE]; [0] is block number first_block */
  guint64 first_block;
  GPtrArray *chunks;            /* Chunk *; [0] has the serial first_chunk */
  guint32 first_chunk;
  gsize next_chunk_size;
  Interner names;
  Interner connections;
  const char **sorted_names;
  GString *scratch;

  guint64 first_seq;
  guint64 next_seq;
  guint64 shown_seq;
  guint cap;

  char *filter_text;
  char **filter_names;
  Needle needle;
  GArray *name_flags;           /* guint8 NameFlags per name id, 0 until checked */
  GArray *matches;
  guint match_head;
  guint n_shown;
  guint64 scanned_seq;

  guint64 item_cache_seq[ITEM_CACHE_SIZE];

  guint notified_n_events;
  guint notified_pending;
  double rate;
  RateSample samples[RATE_SAMPLES];
  guint n_samples;

  guint paused : 1;
  guint filtering : 1;
};

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
  N_PROPS
};

static void rk_event_log_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RkEventLog, rk_event_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rk_event_log_list_model_iface_init))

static GParamSpec *properties[N_PROPS];

/* Intern tables */

static void
interner_init (Interner *interner)
{
  interner->ids = g_hash_table_new (g_str_hash, g_str_equal);
  interner->strings = g_ptr_array_new_with_free_func (g_free);
  interner->quoted = g_ptr_array_new_with_free_func (g_free);
  interner->last = 0;
}

static void
interner_destroy (Interner *interner)
{
  g_clear_pointer (&interner->ids, g_hash_table_unref);
  g_clear_pointer (&interner->strings, g_ptr_array_unref);
  g_clear_pointer (&interner->quoted, g_ptr_array_unref);
}

static void
interner_reset (Interner *interner)
{
  interner_destroy (interner);
  interner_init (interner);
}

/* Returns the id of @string, adding it if new; sets @added then. */
static guint32
interner_lookup (Interner   *interner,
                 const char *string,
                 gboolean   *added)
{
  g_autofree char *valid = NULL;
  gpointer value;
  guint32 id;

  if (interner->last < interner->strings->len &&
      strcmp (g_ptr_array_index (interner->strings, interner->last), string) == 0)
    return interner->last;

  if (!(value = g_hash_table_lookup (interner->ids, string)))
    {
      /* Stored strings are valid UTF-8, so that RkEvent and exports can use them */
      if (!g_utf8_validate (string, -1, NULL))
        {
          valid = g_utf8_make_valid (string, -1);
          value = g_hash_table_lookup (interner->ids, valid);
        }

      if (value == NULL)
        {
          char *copy = valid ? g_steal_pointer (&valid) : g_strdup (string);

          id = interner->strings->len;
          g_ptr_array_add (interner->strings, copy);
          g_hash_table_insert (interner->ids, copy, GUINT_TO_POINTER (id + 1));
          interner->last = id;
          if (added != NULL)
            *added = TRUE;
          return id;
        }
    }

  interner->last = GPOINTER_TO_UINT (value) - 1;
  return interner->last;
}

static const char *
interner_get (Interner *interner,
              guint32   id)
{
  if (id >= interner->strings->len)
    return NULL;
  return g_ptr_array_index (interner->strings, id);
}

/* The string as JSON text, with quotes: escaping is json-glib's, done once per string. */
static const char *
interner_get_quoted (Interner *interner,
                     guint32   id)
{
  if (id >= interner->strings->len)
    return "null";

  if (interner->quoted->len <= id)
    g_ptr_array_set_size (interner->quoted, interner->strings->len);

  if (g_ptr_array_index (interner->quoted, id) == NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (),
                                                        interner_get (interner, id));

      g_ptr_array_index (interner->quoted, id) = json_to_string (node, FALSE);
    }

  return g_ptr_array_index (interner->quoted, id);
}

/* Compact JSON
 *
 * A writer of our own rather than json_to_string (): json-glib 1.6 writes 1e20 as
 * "1e+20.0", which is not JSON, and rk_compat_to_string () turns integers beyond 2^32 into
 * doubles for the wire. Here every value is written as it is, without a GString per call.
 */

static void
append_json_string (GString    *out,
                    const char *string)
{
  g_autofree char *valid = NULL;
  const char *run;
  const guchar *p;

  if (!g_utf8_validate (string, -1, NULL))
    string = valid = g_utf8_make_valid (string, -1);

  g_string_append_c (out, '"');
  run = string;
  for (p = (const guchar *)string; *p; p++)
    {
      if (*p >= 0x20 && *p != '"' && *p != '\\')
        continue;

      g_string_append_len (out, run, (const char *)p - run);
      run = (const char *)p + 1;

      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", *p);
          break;
        }
    }
  g_string_append_len (out, run, (const char *)p - run);
  g_string_append_c (out, '"');
}

static void
append_json_int (GString *out,
                 gint64   value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 magnitude = value < 0 ? -(guint64)value : (guint64)value;

  do
    {
      *--p = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude != 0);

  if (value < 0)
    *--p = '-';

  g_string_append_len (out, p, buf + sizeof buf - p);
}

static void
append_json_double (GString *out,
                    double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }

  /* The shortest of the two that reads back exactly: 0.1, not 0.10000000000000001 */
  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  g_string_append (out, buf);
}

static void
append_json (GString  *out,
             JsonNode *node,
             int       depth)
{
  if (node == NULL || depth > JSON_MAX_DEPTH)
    {
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_json_string (out, name);
            g_string_append_c (out, ':');
            append_json (out, member, depth + 1);
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < length; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_json (out, json_array_get_element (array, i), depth + 1);
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          append_json_int (out, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          append_json_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          append_json_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
          break;
        }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/* Filter text */

/* How common a byte is in JSON event payloads, roughly: the search looks for the rarest
 * byte of the needle first, so memchr () skips most of the text. */
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

static void
needle_init (Needle     *needle,
             const char *text)
{
  int best = G_MAXINT;

  needle_clear (needle);
  if (text == NULL)
    return;

  needle->lower = g_ascii_strdown (text, -1);
  needle->len = strlen (needle->lower);
  needle->rare = 0;
  for (gsize i = 0; i < needle->len; i++)
    {
      int frequency = byte_frequency (needle->lower[i]);

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

/* Storage */

static inline Record *
record_at (RkEventLog *self,
           guint64     seq)
{
  Record *block = g_ptr_array_index (self->blocks, (seq >> BLOCK_SHIFT) - self->first_block);

  return &block[seq & BLOCK_MASK];
}

static inline const char *
record_text (RkEventLog   *self,
             const Record *record)
{
  Chunk *chunk = g_ptr_array_index (self->chunks, (guint32)(record->chunk - self->first_chunk));

  return chunk->data + record->offset;
}

static Chunk *
add_chunk (RkEventLog *self,
           gsize       min_size)
{
  gsize size = MAX (self->next_chunk_size, min_size);
  Chunk *chunk = g_malloc (sizeof (Chunk) + size);

  chunk->size = size;
  chunk->used = 0;
  g_ptr_array_add (self->chunks, chunk);
  self->next_chunk_size = MIN (self->next_chunk_size * 2, CHUNK_MAX);

  return chunk;
}

static inline guint
count_visible (RkEventLog *self)
{
  if (self->filtering)
    return self->n_shown;
  return (guint)(self->shown_seq - self->first_seq);
}

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

static void
compact_matches (RkEventLog *self)
{
  if (self->match_head > 4096 && self->match_head > self->matches->len / 2)
    {
      g_array_remove_range (self->matches, 0, self->match_head);
      self->match_head = 0;
    }
}

/* Drops the events before @new_first; the view loses those it showed. */
static void
trim_to (RkEventLog *self,
         guint64     new_first)
{
  guint removed = 0;
  guint64 first_block;
  guint n_blocks;

  new_first = MIN (new_first, self->next_seq);
  if (new_first <= self->first_seq)
    return;

  if (self->filtering)
    {
      guint64 *seqs = &g_array_index (self->matches, guint64, 0);
      guint low = self->match_head;
      guint high = self->matches->len;

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
    }
  else
    {
      removed = (guint)(MIN (self->shown_seq, new_first) - self->first_seq);
    }

  self->first_seq = new_first;
  self->shown_seq = MAX (self->shown_seq, new_first);
  self->scanned_seq = MAX (self->scanned_seq, new_first);

  first_block = new_first >> BLOCK_SHIFT;
  n_blocks = (guint)MIN (first_block - self->first_block, self->blocks->len);
  g_ptr_array_remove_range (self->blocks, 0, n_blocks);
  self->first_block = first_block;

  if (self->first_seq == self->next_seq)
    {
      self->first_chunk += self->chunks->len;
      g_ptr_array_set_size (self->chunks, 0);
    }
  else
    {
      guint32 chunk = record_at (self, self->first_seq)->chunk;
      guint32 n_chunks = chunk - self->first_chunk;

      g_ptr_array_remove_range (self->chunks, 0, n_chunks);
      self->first_chunk = chunk;
    }

  emit_items_changed (self, 0, removed, 0);
}

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

static gboolean
rate_cb (gpointer user_data)
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
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
    }

  if (active)
    return G_SOURCE_CONTINUE;

  self->n_samples = 0;
  g_clear_pointer (&self->rate_source, g_source_unref);
  return G_SOURCE_REMOVE;
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

static void
store (RkEventLog *self,
       gint64      time_us,
       const char *connection,
       const char *name,
       const char *text,
       gsize       length)
{
  gboolean new_name = FALSE;
  guint64 block;
  Record *record;
  Chunk *chunk;

  if (self->next_seq - self->first_seq >= self->cap)
    trim_to (self, self->next_seq - self->cap + MAX (1, self->cap / TRIM_DIVISOR));

  chunk = self->chunks->len > 0 ? g_ptr_array_index (self->chunks, self->chunks->len - 1) : NULL;
  if (chunk == NULL || chunk->size - chunk->used < length)
    chunk = add_chunk (self, length);

  block = (self->next_seq >> BLOCK_SHIFT) - self->first_block;
  if (block >= self->blocks->len)
    g_ptr_array_add (self->blocks, g_new (Record, BLOCK_SIZE));

  record = record_at (self, self->next_seq);
  record->time = time_us;
  record->chunk = self->first_chunk + self->chunks->len - 1;
  record->offset = chunk->used;
  record->length = length;
  record->name = interner_lookup (&self->names, name, &new_name);
  record->connection = connection ? interner_lookup (&self->connections, connection, NULL)
                                  : NO_CONNECTION;

  memcpy (chunk->data + chunk->used, text, length);
  chunk->used += length;
  self->next_seq++;

  if (new_name)
    g_clear_pointer (&self->sorted_names, g_free);

  if (self->flush_source == NULL)
    self->flush_source = add_timeout (self, FLUSH_INTERVAL_MS, flush_cb, "[rk] event log flush");

  if (G_UNLIKELY (self->rate_source == NULL))
    {
      self->samples[0].time = g_get_monotonic_time ();
      self->samples[0].count = self->next_seq - 1;
      self->n_samples = 1;
      self->rate_source = add_timeout (self, RATE_INTERVAL_MS, rate_cb, "[rk] event log rate");
    }
}

/* Filtering */

static guint8
name_flags (RkEventLog *self,
            guint32     name_id)
{
  const char *name;
  guint8 flags = NAME_CHECKED;

  if (name_id < self->name_flags->len && g_array_index (self->name_flags, guint8, name_id) != 0)
    return g_array_index (self->name_flags, guint8, name_id);

  name = interner_get (&self->names, name_id);
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
static void
scan_new (RkEventLog *self)
{
  for (guint64 seq = self->scanned_seq; seq < self->next_seq; seq++)
    {
      if (record_matches (self, record_at (self, seq)))
        g_array_append_val (self->matches, seq);
    }

  self->scanned_seq = self->next_seq;
}

static void
flush_now (RkEventLog *self)
{
  guint position = count_visible (self);
  guint added;

  if (self->filtering)
    scan_new (self);

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
  needle_init (&self->needle, self->filter_text);
  g_array_set_size (self->name_flags, 0);

  self->filtering = self->filter_text != NULL || self->filter_names != NULL;
  g_array_set_size (self->matches, 0);
  self->match_head = 0;
  self->n_shown = 0;
  self->scanned_seq = self->first_seq;

  if (self->filtering)
    {
      /* The view keeps its extent (a paused view stays paused): only the matches before
       * shown_seq are shown, the others are pending. */
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

  if (old_visible != 0 || count_visible (self) != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_visible, count_visible (self));
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
  const Record *record;
  RkEvent *event;
  guint64 seq;
  guint slot;

  if (position >= count_visible (self))
    return NULL;

  if (self->filtering)
    seq = g_array_index (self->matches, guint64, self->match_head + position);
  else
    seq = self->first_seq + position;

  slot = seq % ITEM_CACHE_SIZE;
  if (self->item_cache[slot] != NULL && self->item_cache_seq[slot] == seq)
    return g_object_ref (self->item_cache[slot]);

  record = record_at (self, seq);
  event = rk_event_new (record->time,
                        interner_get (&self->connections, record->connection),
                        interner_get (&self->names, record->name),
                        record_text (self, record), record->length);

  g_set_object (&self->item_cache[slot], event);
  self->item_cache_seq[slot] = seq;

  return event;
}

static void
rk_event_log_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rk_event_log_get_item_type;
  iface->get_n_items = rk_event_log_get_n_items;
  iface->get_item = rk_event_log_get_item;
}

/* Connections */

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

/* GObject */

static void
rk_event_log_dispose (GObject *object)
{
  RkEventLog *self = (RkEventLog *)object;
  GHashTableIter iter;
  Attachment *attachment;

  g_hash_table_iter_init (&iter, self->attachments);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&attachment))
    attachment_disconnect (attachment);
  g_hash_table_remove_all (self->attachments);

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
  interner_destroy (&self->names);
  interner_destroy (&self->connections);
  g_clear_pointer (&self->sorted_names, g_free);
  g_string_free (self->scratch, TRUE);
  g_clear_pointer (&self->filter_text, g_free);
  g_clear_pointer (&self->filter_names, g_strfreev);
  needle_clear (&self->needle);
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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rk_event_log_init (RkEventLog *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->attachments = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)attachment_free);
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  self->chunks = g_ptr_array_new_with_free_func (g_free);
  self->next_chunk_size = CHUNK_MIN;
  interner_init (&self->names);
  interner_init (&self->connections);
  self->scratch = g_string_sized_new (256);
  self->name_flags = g_array_new (FALSE, TRUE, sizeof (guint8));
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->cap = RK_EVENT_LOG_DEFAULT_CAP;

  /* seq 0 is never used: a zeroed item_cache_seq matches nothing */
  self->first_seq = self->next_seq = self->shown_seq = self->scanned_seq = 1;
  self->first_block = self->first_seq >> BLOCK_SHIFT;
}

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
 * rk_event_log_append:
 * @self: a #RkEventLog
 * @time_us: when the event arrived, in microseconds since the Unix epoch (UTC)
 * @connection: (nullable): a label for the connection that received it
 * @name: the event name
 * @args: (nullable): the arguments in JSON-compat form (an array); %NULL for none
 *
 * Records an event. The model shows it at the next flush: within 16 ms in the main
 * context, at rk_event_log_flush (), or when the view is unpaused. Reaching the cap drops
 * the oldest events, at once.
 */
void
rk_event_log_append (RkEventLog *self,
                     gint64      time_us,
                     const char *connection,
                     const char *name,
                     JsonNode   *args)
{
  g_return_if_fail (RK_IS_EVENT_LOG (self));
  g_return_if_fail (name != NULL);

  g_string_truncate (self->scratch, 0);
  if (args == NULL)
    g_string_append (self->scratch, "[]");
  else
    append_json (self->scratch, args, 0);

  g_return_if_fail (self->scratch->len <= G_MAXUINT32);

  store (self, time_us, connection, name, self->scratch->str, self->scratch->len);

  /* Don't hold on to the memory of one huge event */
  if (self->scratch->allocated_len > CHUNK_MAX)
    {
      g_string_free (self->scratch, TRUE);
      self->scratch = g_string_sized_new (256);
    }
}

/**
 * rk_event_log_append_text:
 * @self: a #RkEventLog
 * @time_us: when the event arrived, in microseconds since the Unix epoch (UTC)
 * @connection: (nullable): a label for the connection that received it
 * @name: the event name
 * @args_json: the arguments as compact JSON-compat text, e.g. spliced from a frame
 * @length: length of @args_json in bytes, or -1 if it is nul-terminated
 *
 * Like rk_event_log_append (), without serialising a tree: @args_json is stored as it is
 * and must be valid JSON (rk_event_get_args () returns %NULL for an event whose text is
 * not). Line breaks in it are stored as spaces, to keep exports one line per event.
 */
void
rk_event_log_append_text (RkEventLog *self,
                          gint64      time_us,
                          const char *connection,
                          const char *name,
                          const char *args_json,
                          gssize      length)
{
  const char *text = args_json;
  char *copy = NULL;

  g_return_if_fail (RK_IS_EVENT_LOG (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (args_json != NULL || length == 0);

  if (length < 0)
    length = strlen (args_json);
  g_return_if_fail ((gsize)length <= G_MAXUINT32);

  if (length == 0)
    {
      text = "[]";
      length = 2;
    }
  else if (memchr (text, '\n', length) != NULL || memchr (text, '\r', length) != NULL)
    {
      copy = g_memdup2 (text, length);
      for (gssize i = 0; i < length; i++)
        if (copy[i] == '\n' || copy[i] == '\r')
          copy[i] = ' ';
      text = copy;
    }

  store (self, time_us, connection, name, text, length);
  g_free (copy);
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

  g_ptr_array_set_size (self->blocks, 0);
  g_ptr_array_set_size (self->chunks, 0);
  self->first_chunk = 0;
  self->next_chunk_size = CHUNK_MIN;
  interner_reset (&self->names);
  interner_reset (&self->connections);
  g_clear_pointer (&self->sorted_names, g_free);
  g_array_set_size (self->name_flags, 0);
  g_array_set_size (self->matches, 0);
  self->match_head = 0;
  self->n_shown = 0;
  for (guint i = 0; i < ITEM_CACHE_SIZE; i++)
    g_clear_object (&self->item_cache[i]);

  self->first_seq = self->shown_seq = self->scanned_seq = self->next_seq;
  self->first_block = self->first_seq >> BLOCK_SHIFT;

  g_object_freeze_notify (G_OBJECT (self));
  emit_items_changed (self, 0, old_visible, 0);
  notify_counts (self);
  g_object_thaw_notify (G_OBJECT (self));
}

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
    trim_to (self, self->next_seq - cap);
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

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/**
 * rk_event_log_get_names:
 * @self: a #RkEventLog
 *
 * The event names seen since the log was made or cleared, for suggestions.
 *
 * Returns: (transfer none) (array zero-terminated=1): the names, sorted; valid until the
 *   next append or clear
 */
const char * const *
rk_event_log_get_names (RkEventLog *self)
{
  g_return_val_if_fail (RK_IS_EVENT_LOG (self), NULL);

  if (self->sorted_names == NULL)
    {
      guint n = self->names.strings->len;

      self->sorted_names = g_new0 (const char *, n + 1);
      for (guint i = 0; i < n; i++)
        self->sorted_names[i] = g_ptr_array_index (self->names.strings, i);
      qsort (self->sorted_names, n, sizeof (char *), compare_names);
    }

  return self->sorted_names;
}

/* Export */

typedef struct
{
  GOutputStream *stream;
  GArray *seqs;                 /* a snapshot of the filtered view, or NULL for a range */
  guint index;                  /* the next in seqs */
  guint64 next;                 /* the next of the range */
  guint64 end;
  GString *buffer;
  guint64 n_exported;
  gint64 cached_second;
  char cached_prefix[40];       /* "YYYY-MM-DDTHH:MM:SS" of cached_second */
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->stream);
  g_clear_pointer (&data->seqs, g_array_unref);
  g_string_free (data->buffer, TRUE);
  g_free (data);
}

static void
append_time (ExportData *data,
             gint64      time_us)
{
  gint64 second = time_us / G_USEC_PER_SEC;
  gint64 micro = time_us % G_USEC_PER_SEC;
  char digits[8];

  if (micro < 0)
    {
      micro += G_USEC_PER_SEC;
      second--;
    }

  if (second != data->cached_second || data->cached_prefix[0] == '\0')
    {
      /* Years 1 to 9999, the range ISO 8601 writes with four digits */
      time_t t = (time_t)CLAMP (second, MIN_SECOND, MAX_SECOND);
      struct tm tm;

      if (gmtime_r (&t, &tm) == NULL)
        memset (&tm, 0, sizeof tm);
      g_snprintf (data->cached_prefix, sizeof data->cached_prefix,
                  "%04d-%02d-%02dT%02d:%02d:%02d",
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
      data->cached_second = second;
    }

  g_string_append (data->buffer, data->cached_prefix);
  digits[0] = '.';
  for (int i = 6; i >= 1; i--)
    {
      digits[i] = '0' + micro % 10;
      micro /= 10;
    }
  digits[7] = 'Z';
  g_string_append_len (data->buffer, digits, sizeof digits);
}

static void
export_line (RkEventLog *self,
             ExportData *data,
             guint64     seq)
{
  const Record *record = record_at (self, seq);
  GString *out = data->buffer;

  g_string_append (out, "{\"time\":\"");
  append_time (data, record->time);
  g_string_append (out, "\",\"connection\":");
  g_string_append (out, interner_get_quoted (&self->connections, record->connection));
  g_string_append (out, ",\"event\":");
  g_string_append (out, interner_get_quoted (&self->names, record->name));
  g_string_append (out, ",\"args\":");
  g_string_append_len (out, record_text (self, record), record->length);
  g_string_append (out, "}\n");
  data->n_exported++;
}

/* Fills the buffer with the next lines; events dropped since the export began are skipped. */
static void
export_fill (RkEventLog *self,
             ExportData *data)
{
  g_string_truncate (data->buffer, 0);

  while (data->buffer->len < EXPORT_BUFFER_SIZE)
    {
      guint64 seq;

      if (data->seqs != NULL)
        {
          if (data->index >= data->seqs->len)
            break;
          seq = g_array_index (data->seqs, guint64, data->index++);
        }
      else
        {
          data->next = MAX (data->next, self->first_seq);
          if (data->next >= data->end)
            break;
          seq = data->next++;
        }

      if (seq >= self->first_seq && seq < self->next_seq)
        export_line (self, data, seq);
    }
}

static void
export_write_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GOutputStream *stream = (GOutputStream *)object;
  g_autoptr(GTask) task = user_data;
  RkEventLog *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!g_output_stream_write_all_finish (stream, result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  export_fill (self, data);
  if (data->buffer->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_output_stream_write_all_async (stream, data->buffer->str, data->buffer->len,
                                   G_PRIORITY_DEFAULT, cancellable,
                                   export_write_cb, g_steal_pointer (&task));
}

/**
 * rk_event_log_export_jsonl_async:
 * @self: a #RkEventLog
 * @stream: where to write
 * @visible_only: %TRUE for the events the model shows, %FALSE for all stored
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Writes the events as JSON Lines, oldest first, one object per event:
 * `{"time":"2024-05-01T12:00:00.000001Z","connection":"…","event":"…","args":[…]}` with
 * the time in UTC and the arguments in JSON-compat form. The lines are built from the
 * stored text in 1 MiB pieces, each written asynchronously, so the main loop keeps
 * running. The set of events is fixed when the export starts; those the cap drops
 * before their turn are skipped. @stream is not closed.
 */
void
rk_event_log_export_jsonl_async (RkEventLog          *self,
                                 GOutputStream       *stream,
                                 gboolean             visible_only,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (RK_IS_EVENT_LOG (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_event_log_export_jsonl_async);

  data = g_new0 (ExportData, 1);
  data->stream = g_object_ref (stream);
  data->buffer = g_string_sized_new (EXPORT_BUFFER_SIZE + 4096);
  data->next = self->first_seq;
  data->end = visible_only ? self->shown_seq : self->next_seq;
  if (visible_only && self->filtering)
    {
      data->seqs = g_array_sized_new (FALSE, FALSE, sizeof (guint64), self->n_shown);
      g_array_append_vals (data->seqs,
                           &g_array_index (self->matches, guint64, self->match_head),
                           self->n_shown);
    }
  g_task_set_task_data (task, data, (GDestroyNotify)export_data_free);

  export_fill (self, data);
  if (data->buffer->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_output_stream_write_all_async (stream, data->buffer->str, data->buffer->len,
                                   G_PRIORITY_DEFAULT, cancellable,
                                   export_write_cb, g_steal_pointer (&task));
}

/**
 * rk_event_log_export_jsonl_finish:
 * @self: a #RkEventLog
 * @result: the result
 * @n_exported: (out) (optional): return location for the number of events written
 * @error: return location for a #GError
 *
 * Returns: %TRUE if every line was written
 */
gboolean
rk_event_log_export_jsonl_finish (RkEventLog    *self,
                                  GAsyncResult  *result,
                                  guint64       *n_exported,
                                  GError       **error)
{
  ExportData *data;

  g_return_val_if_fail (RK_IS_EVENT_LOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (n_exported != NULL)
    *n_exported = data->n_exported;

  return g_task_propagate_boolean (G_TASK (result), error);
}
