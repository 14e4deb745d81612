/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-event-log-store.c: how RkEventLog keeps its events: intern tables for the names and
 * labels, 32-byte records in blocks of 1024, the argument text in an append-only arena of
 * byte chunks, and the compact JSON writer that makes that text; appending, and the names
 * seen
 */

#define G_LOG_DOMAIN "rk-event-log"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rk-compat-private.h"
#include "rk-event-log-private.h"
#include "rk-event-log.h"

/* Reaching the cap drops this share of it at once, so trimming costs O(1) per append */
#define TRIM_DIVISOR 64
/* An intern table is rebuilt from the stored events when most of its strings are dead */
#define INTERNER_COMPACT_MIN 1024
#define JSON_MAX_DEPTH 256

/* Intern tables */

void
_rk_event_log_interner_init (Interner *interner)
{
  interner->ids = g_hash_table_new (g_str_hash, g_str_equal);
  interner->strings = g_ptr_array_new_with_free_func (g_free);
  interner->quoted = g_ptr_array_new_with_free_func (g_free);
  interner->last = 0;
}

void
_rk_event_log_interner_destroy (Interner *interner)
{
  g_clear_pointer (&interner->ids, g_hash_table_unref);
  g_clear_pointer (&interner->strings, g_ptr_array_unref);
  g_clear_pointer (&interner->quoted, g_ptr_array_unref);
}

static void
interner_reset (Interner *interner)
{
  _rk_event_log_interner_destroy (interner);
  _rk_event_log_interner_init (interner);
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

const char *
_rk_event_log_interner_get (Interner *interner,
                            guint32   id)
{
  if (id >= interner->strings->len)
    return NULL;
  return g_ptr_array_index (interner->strings, id);
}

/* The string as JSON text, with quotes: escaping is json-glib's, done once per string. */
const char *
_rk_event_log_interner_get_quoted (Interner *interner,
                                   guint32   id)
{
  if (id >= interner->strings->len)
    return "null";

  if (interner->quoted->len <= id)
    g_ptr_array_set_size (interner->quoted, interner->strings->len);

  if (g_ptr_array_index (interner->quoted, id) == NULL)
    {
      const char *string = g_ptr_array_index (interner->strings, id);
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), string);

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
  g_string_append_c (out, '"');
  _rk_json_append_escaped (out, string, -1);
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

/* Storage */

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

/*
 * Event names and labels are not counted, so the cap does not drop them. A source of ever
 * new names (a hostile server, a bug) would grow the tables forever: when a table holds
 * more than twice as many strings as there are events, it is rebuilt with the strings the
 * stored events use. Each rebuild costs O(events) and follows at least that many new strings.
 */
static void
compact_interner (RkEventLog *self,
                  Interner   *interner,
                  gboolean    names)
{
  g_autofree guint32 *remap = g_new (guint32, interner->strings->len);
  Interner fresh;

  memset (remap, 0xff, interner->strings->len * sizeof (guint32));
  _rk_event_log_interner_init (&fresh);

  for (guint64 seq = self->first_seq; seq < self->next_seq; seq++)
    {
      Record *record = record_at (self, seq);
      guint32 *id = names ? &record->name : &record->connection;

      if (*id == NO_CONNECTION)
        continue;

      if (remap[*id] == G_MAXUINT32)
        {
          char *string = g_steal_pointer (&g_ptr_array_index (interner->strings, *id));

          remap[*id] = fresh.strings->len;
          g_ptr_array_add (fresh.strings, string);
          g_hash_table_insert (fresh.ids, string, GUINT_TO_POINTER (remap[*id] + 1));
        }
      *id = remap[*id];
    }

  _rk_event_log_interner_destroy (interner);
  *interner = fresh;

  if (names)
    {
      g_clear_pointer (&self->sorted_names, g_free);
      g_array_set_size (self->name_flags, 0);
    }
}

static inline gboolean
interner_needs_compacting (RkEventLog *self,
                           Interner   *interner)
{
  return interner->strings->len > INTERNER_COMPACT_MIN &&
         interner->strings->len > 2 * (self->next_seq - self->first_seq);
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
  gboolean new_connection = FALSE;
  guint64 block;
  Record *record;
  Chunk *chunk;

  if (self->next_seq - self->first_seq >= self->cap)
    _rk_event_log_trim_to (self, self->next_seq - self->cap + MAX (1, self->cap / TRIM_DIVISOR));

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
  record->connection = connection ? interner_lookup (&self->connections, connection,
                                                    &new_connection)
                                  : NO_CONNECTION;

  memcpy (chunk->data + chunk->used, text, length);
  chunk->used += length;
  self->next_seq++;

  if (new_name)
    {
      g_clear_pointer (&self->sorted_names, g_free);
      if (interner_needs_compacting (self, &self->names))
        compact_interner (self, &self->names, TRUE);
    }
  if (new_connection && interner_needs_compacting (self, &self->connections))
    compact_interner (self, &self->connections, FALSE);

  _rk_event_log_note_append (self);
}

/* Frees the blocks and chunks that only hold events before first_seq. */
void
_rk_event_log_release_storage (RkEventLog *self)
{
  guint64 first_block = self->first_seq >> BLOCK_SHIFT;
  guint n_blocks = (guint)MIN (first_block - self->first_block, self->blocks->len);

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
}

/* Frees every block and chunk, and forgets the names and labels. */
void
_rk_event_log_reset_storage (RkEventLog *self)
{
  g_ptr_array_set_size (self->blocks, 0);
  g_ptr_array_set_size (self->chunks, 0);
  self->first_chunk = 0;
  self->next_chunk_size = CHUNK_MIN;
  interner_reset (&self->names);
  interner_reset (&self->connections);
  g_clear_pointer (&self->sorted_names, g_free);
}

/* Appending */

/**
 * rk_event_log_append:
 * @self: a #RkEventLog
 * @time_us: when the event arrived, in microseconds since the Unix epoch (UTC)
 * @connection: (nullable): a label for the connection that received it
 * @name: the event name
 * @args: (nullable): the arguments in JSON-compat form (an array); %NULL for none
 *
 * Records an event. The model shows it at the next flush: within the log's
 * :flush-interval in the main context, at rk_event_log_flush (), or when the view is
 * unpaused. Reaching the cap drops
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

/* Names */

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
 * The event names seen, for suggestions: those of the stored events, and maybe some of
 * events the cap dropped. Clearing the log forgets them.
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

/* Bigger events are not cached: 64 of them could pin hundreds of megabytes */
#define ITEM_CACHE_MAX_TEXT (64 * 1024)

/* The RkEvent of a stored event, for the model: made on demand, the last few kept. */
RkEvent *
_rk_event_log_make_item (RkEventLog *self,
                         guint64     seq)
{
  const Record *record;
  RkEvent *event;
  guint slot = seq % ITEM_CACHE_SIZE;

  if (self->item_cache[slot] != NULL && self->item_cache_seq[slot] == seq)
    return g_object_ref (self->item_cache[slot]);

  record = record_at (self, seq);
  event = rk_event_new (record->time,
                        _rk_event_log_interner_get (&self->connections, record->connection),
                        _rk_event_log_interner_get (&self->names, record->name),
                        record_text (self, record), record->length);

  if (record->length <= ITEM_CACHE_MAX_TEXT)
    {
      g_set_object (&self->item_cache[slot], event);
      self->item_cache_seq[slot] = seq;
    }

  return event;
}
