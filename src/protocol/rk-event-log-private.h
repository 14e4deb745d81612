/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-event-log-private.h: what the rk-event-log*.c files share: the struct and the records
 *
 * rk-event-log.c         the GObject, the GListModel, flushing, pausing, the cap
 * rk-event-log-store.c   appending: intern tables, records in blocks, text in byte chunks,
 *                        the JSON writer; the names seen; the RkEvent of a row
 * rk-event-log-rate.c    the rate
 * rk-event-log-filter.c  the filter: the case-insensitive search and the scan for matches
 * rk-event-log-export.c  JSON Lines export
 * rk-event-log-attach.c  recording the events of connections
 */

#pragma once

#include "rk-event-log.h"
#include "rk-event.h"

G_BEGIN_DECLS

#define BLOCK_SHIFT 10
#define BLOCK_SIZE (1u << BLOCK_SHIFT)
#define BLOCK_MASK (BLOCK_SIZE - 1)
#define CHUNK_MIN (4 * 1024)
#define CHUNK_MAX (1024 * 1024)
#define RATE_SAMPLES 8
#define ITEM_CACHE_SIZE 64
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

typedef struct
{
  gint64 time;
  guint64 count;
} RateSample;

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
  guint64 flushed_seq;          /* next_seq at the last flush */
  guint cap;
  guint flush_interval;         /* ms */

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
  guint emptied : 1;            /* the model shows nothing for a moment (see filter_changed) */
};

/* The stored events are [first_seq, next_seq) */
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

/* How many events the view shows */
static inline guint
count_visible (RkEventLog *self)
{
  if (G_UNLIKELY (self->emptied))
    return 0;
  if (self->filtering)
    return self->n_shown;
  return (guint)(self->shown_seq - self->first_seq);
}

/* rk-event-log.c */
void         _rk_event_log_trim_to             (RkEventLog    *self,
                                                guint64        new_first);
void         _rk_event_log_note_append         (RkEventLog    *self);
void         _rk_event_log_filter_changed      (RkEventLog    *self,
                                                guint          old_visible,
                                                gboolean       text_changed,
                                                gboolean       names_changed);

/* rk-event-log-attach.c */
GHashTable  *_rk_event_log_attachments_new     (void);
void         _rk_event_log_detach_all          (RkEventLog    *self);

/* rk-event-log-store.c */
void         _rk_event_log_interner_init       (Interner      *interner);
void         _rk_event_log_interner_destroy    (Interner      *interner);
const char  *_rk_event_log_interner_get        (Interner      *interner,
                                                guint32        id);
const char  *_rk_event_log_interner_get_quoted (Interner      *interner,
                                                guint32        id);
void         _rk_event_log_release_storage     (RkEventLog    *self);
void         _rk_event_log_reset_storage       (RkEventLog    *self);
RkEvent     *_rk_event_log_make_item           (RkEventLog    *self,
                                                guint64        seq);

/* rk-event-log-rate.c */
gboolean     _rk_event_log_rate_cb             (gpointer       user_data);

/* rk-event-log-filter.c */
void         _rk_event_log_scan_new            (RkEventLog    *self);
guint        _rk_event_log_trim_matches        (RkEventLog    *self,
                                                guint64        new_first);

G_END_DECLS
