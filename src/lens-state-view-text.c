/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-state-view-text.c: the state's values as JSON text
 *
 * The JSON page follows the state only while it is shown. A 5 MB state is
 * 8 MB of indented JSON: making it takes 150 ms, and replacing that much
 * text in a GtkTextBuffer far more. So the text is made in a thread and
 * diffed there, by lines, against the text shown; then only the lines that
 * changed are replaced, in slices between frames. While many lines are new,
 * the line numbers are hidden: GtkSourceView's gutter walks every line not
 * laid out yet, which takes seconds for 300 000 lines. Texts of a few
 * megabytes are not highlighted (see HIGHLIGHT_MAX_BYTES). The texts are
 * made one at a time in a thread of their own, which keeps the memory they
 * take in one malloc arena.
 */

#define G_LOG_DOMAIN "lens-state-view"

#include "config.h"

#include <string.h>

#include "rk-compat.h"

#include "lens-json-diff.h"
#include "lens-state-view-private.h"

/* Edits of the text: pieces of at most this much, and this long a slice of
 * the main loop for them, just below the redraw priority (G_PRIORITY_HIGH_IDLE
 * + 20), with GtkTextView's validation, which takes seconds for a long text */
#define EDIT_PIECE_BYTES (64 * 1024)
#define EDIT_PIECE_CHARS (64 * 1024)
#define EDIT_SLICE_US 4000
#define EDIT_PRIORITY (G_PRIORITY_HIGH_IDLE + 21)
/* The line diff gives up after this many changed lines and replaces the
 * lines from the first change to the last */
#define MAX_DIFF_LINES 1000
/* More new lines than this hide the line numbers until they are laid out */
#define NUMBERS_MAX_LINES 4000
#define NUMBERS_POLL_MS 250
/* A newer state cancels the text being made, but not forever */
#define MAX_TEXT_RESTARTS 2
/* GtkSourceView's analysis of 8 MB of JSON holds some 350 MB and keeps a
 * core busy for many seconds, even with highlighting off: a text longer
 * than this has no language */
#define HIGHLIGHT_MAX_BYTES (2 * 1024 * 1024)

/* Delete to the end of the text */
#define DELETE_TO_END G_MAXUINT

typedef struct
{
  guint offset;
  guint delete_chars;
  gsize insert_start;
  gsize insert_len;
} TextEdit;

typedef struct
{
  JsonNode *state;
  GBytes *base;
} TextJob;

typedef struct
{
  GBytes *text;
  GArray *edits;
  gboolean many_lines;
} TextResult;

typedef struct
{
  const char *start;
  gsize len;
  guint hash;
} Line;

typedef struct
{
  int old_start;
  int old_n;
  int new_start;
  int new_n;
} Hunk;

/* The JSON page: a line diff, made in a thread */

static GArray *
split_lines (const char *text,
             gsize       length)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  const char *p = text;
  const char *end = text + length;

  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);
      Line line = { p, newline ? (gsize)(newline - p) + 1 : (gsize)(end - p), 2166136261u };

      /* FNV-1a */
      for (gsize i = 0; i < line.len; i++)
        line.hash = (line.hash ^ (guchar)p[i]) * 16777619u;
      g_array_append_val (lines, line);
      p += line.len;
    }

  return lines;
}

static gboolean
lines_equal (const Line *a,
             const Line *b)
{
  return a->hash == b->hash && a->len == b->len && memcmp (a->start, b->start, a->len) == 0;
}

static void
close_hunk (GArray   *hunks,
            Hunk     *hunk,
            gboolean *open)
{
  if (*open)
    g_array_append_val (hunks, *hunk);
  *open = FALSE;
}

/* Step d of Myers' diff reaches diagonal k from k + 1 (a line of b inserted)
 * or from k - 1 (a line of a deleted), whichever gets further, staying
 * inside both texts. @v holds the furthest x of each diagonal after step
 * d - 1, or -1. Returns the x it starts from, or -1. */
static int
myers_step (const int *v,
            int        k,
            int        n,
            int        m,
            gboolean  *down)
{
  int from_down = v[k + 1] >= 0 && v[k + 1] - (k + 1) < m ? v[k + 1] : -1;
  int from_right = v[k - 1] >= 0 && v[k - 1] < n ? v[k - 1] + 1 : -1;

  *down = from_down >= from_right;
  return MAX (from_down, from_right);
}

/* Myers' O(ND) diff of a[0..n) and b[0..m): appends the runs of changed
 * lines to @hunks, last first. FALSE after @max_d changed lines. */
static gboolean
diff_lines (const Line   *a,
            int           n,
            const Line   *b,
            int           m,
            int           max_d,
            GArray       *hunks,
            GCancellable *cancellable)
{
  int size = 2 * max_d + 3;
  g_autofree int *v = g_new (int, size);
  g_autoptr(GPtrArray) trace = g_ptr_array_new_with_free_func (g_free);
  int *vk = v + max_d + 1;
  int found = -1;
  int x = n;
  int y = m;
  Hunk hunk = { 0 };
  gboolean open = FALSE;

  for (int i = 0; i < size; i++)
    v[i] = -1;

  for (int d = 0; d <= max_d && found < 0; d++)
    {
      /* The diagonals -d - 1 to d + 1 as they were before step d, for the way back */
      g_ptr_array_add (trace, g_memdup2 (vk - d - 1, sizeof (int) * (2 * d + 3)));
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;

      for (int k = -d; k <= d && found < 0; k += 2)
        {
          gboolean down;
          int xk = d == 0 ? 0 : myers_step (vk, k, n, m, &down);
          int yk = xk - k;

          if (xk < 0)
            continue;
          while (xk < n && yk < m && lines_equal (&a[xk], &b[yk]))
            xk++, yk++;
          vk[k] = xk;
          if (xk >= n && yk >= m)
            found = d;
        }
    }

  if (found < 0)
    return FALSE;

  for (int d = found; d > 0; d--)
    {
      const int *before = (const int *)g_ptr_array_index (trace, d) + d + 1;
      gboolean down;
      int k = x - y;
      int prev_k;
      int prev_x;
      int prev_y;

      myers_step (before, k, n, m, &down);
      prev_k = down ? k + 1 : k - 1;
      prev_x = before[prev_k];
      prev_y = prev_x - prev_k;

      /* Lines in common after this change end the run of changes after them */
      if (x > (down ? prev_x : prev_x + 1))
        close_hunk (hunks, &hunk, &open);
      x = down ? prev_x : prev_x + 1;
      y = down ? prev_y + 1 : prev_y;

      if (!open)
        {
          hunk = (Hunk) { x, 0, y, 0 };
          open = TRUE;
        }
      if (down)
        hunk.new_n++;
      else
        hunk.old_n++;
      hunk.old_start = prev_x;
      hunk.new_start = prev_y;
      x = prev_x;
      y = prev_y;
    }
  close_hunk (hunks, &hunk, &open);

  return TRUE;
}

/* Inserts @length bytes of @text from @start at character @offset, in
 * pieces each put at the end of the one before, cut after a line if one
 * ends near the end of the piece (else at a character boundary). */
static void
add_insert (GArray     *edits,
            const char *text,
            guint       offset,
            gsize       start,
            gsize       length)
{
  while (length > 0)
    {
      TextEdit edit = { offset, 0, start, length };

      if (length > EDIT_PIECE_BYTES)
        {
          const char *piece = text + start;
          gsize cut = EDIT_PIECE_BYTES;

          while (cut > EDIT_PIECE_BYTES / 2 && piece[cut - 1] != '\n')
            cut--;
          if (piece[cut - 1] != '\n')
            for (cut = EDIT_PIECE_BYTES; ((guchar)piece[cut] & 0xc0) == 0x80; cut--)
              ;
          edit.insert_len = cut;
        }

      g_array_append_val (edits, edit);
      offset += g_utf8_strlen (text + start, edit.insert_len);
      start += edit.insert_len;
      length -= edit.insert_len;
    }
}

static void
add_delete (GArray *edits,
            guint   offset,
            guint   chars)
{
  while (chars > 0)
    {
      TextEdit edit = { offset, MIN (chars, EDIT_PIECE_CHARS), 0, 0 };

      g_array_append_val (edits, edit);
      chars -= edit.delete_chars;
    }
}

static void
text_result_free (TextResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->text, g_bytes_unref);
  g_clear_pointer (&result->edits, g_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TextResult, text_result_free)

/* The edits that turn @base into @text, or, without a base, that replace
 * whatever the buffer holds. NULL if cancelled. */
static TextResult *
make_edits (GBytes       *base,
            char         *text,
            GCancellable *cancellable)
{
  g_autoptr(TextResult) result = g_new0 (TextResult, 1);
  g_autoptr(GArray) old_lines = NULL;
  g_autoptr(GArray) new_lines = NULL;
  g_autoptr(GArray) hunks = NULL;
  g_autofree guint *old_chars = NULL;
  gsize length = strlen (text);
  const char *old;
  gsize old_length = 0;
  guint prefix = 0;
  guint suffix = 0;
  guint changed_lines = 0;
  const Line *a;
  const Line *b;

  result->text = g_bytes_new_take (text, length);
  result->edits = g_array_new (FALSE, FALSE, sizeof (TextEdit));

  if (base == NULL)
    {
      TextEdit rest = { g_utf8_strlen (text, length), DELETE_TO_END, 0, 0 };

      /* The new text first, so the top of the page shows it soonest */
      add_insert (result->edits, text, 0, 0, length);
      g_array_append_val (result->edits, rest);
      for (const char *p = text; (p = strchr (p, '\n')) != NULL; p++)
        changed_lines++;
      result->many_lines = changed_lines > NUMBERS_MAX_LINES;
      return g_steal_pointer (&result);
    }

  old = g_bytes_get_data (base, &old_length);
  if (old_length == length && memcmp (old, text, length) == 0)
    return g_steal_pointer (&result);

  old_lines = split_lines (old, old_length);
  new_lines = split_lines (text, length);
  a = (const Line *)old_lines->data;
  b = (const Line *)new_lines->data;
  while (prefix < old_lines->len && prefix < new_lines->len && lines_equal (&a[prefix], &b[prefix]))
    prefix++;
  while (suffix < old_lines->len - prefix && suffix < new_lines->len - prefix &&
         lines_equal (&a[old_lines->len - 1 - suffix], &b[new_lines->len - 1 - suffix]))
    suffix++;

  hunks = g_array_new (FALSE, FALSE, sizeof (Hunk));
  if (!diff_lines (a + prefix, old_lines->len - prefix - suffix,
                   b + prefix, new_lines->len - prefix - suffix,
                   MAX_DIFF_LINES, hunks, cancellable))
    {
      Hunk all = { 0, old_lines->len - prefix - suffix, 0, new_lines->len - prefix - suffix };

      if (g_cancellable_is_cancelled (cancellable))
        return NULL;
      g_array_set_size (hunks, 0);
      g_array_append_val (hunks, all);
    }

  /* Where each old line starts, in characters, as the buffer counts */
  old_chars = g_new (guint, old_lines->len + 1);
  old_chars[0] = 0;
  for (guint i = 0; i < old_lines->len; i++)
    old_chars[i + 1] = old_chars[i] + g_utf8_strlen (a[i].start, a[i].len);

  /* Last first, so the offsets of the ones before stay right */
  for (guint i = 0; i < hunks->len; i++)
    {
      const Hunk *hunk = &g_array_index (hunks, Hunk, i);
      guint old_start = prefix + hunk->old_start;
      guint new_start = prefix + hunk->new_start;
      gsize insert_start = new_start < new_lines->len ? (gsize)(b[new_start].start - text) : length;
      gsize insert_end = hunk->new_n > 0 ? (gsize)(b[new_start + hunk->new_n - 1].start - text) +
                                           b[new_start + hunk->new_n - 1].len
                                         : insert_start;

      add_delete (result->edits, old_chars[old_start],
                  old_chars[old_start + hunk->old_n] - old_chars[old_start]);
      add_insert (result->edits, text, old_chars[old_start], insert_start,
                  insert_end - insert_start);
      changed_lines += hunk->old_n + hunk->new_n;
    }

  result->many_lines = changed_lines > NUMBERS_MAX_LINES;
  return g_steal_pointer (&result);
}

static void
text_job_free (TextJob *job)
{
  /* The callback took the state on the main thread */
  g_assert (job->state == NULL);
  g_clear_pointer (&job->base, g_bytes_unref);
  g_free (job);
}

static void
text_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TextJob *job = task_data;
  char *text = job->state ? rk_compat_to_string (job->state, TRUE) : g_strdup ("");
  TextResult *result = NULL;

  if (!g_cancellable_is_cancelled (cancellable))
    result = make_edits (job->base, text, cancellable);
  else
    g_free (text);

  if (result == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Text cancelled");
  else
    g_task_return_pointer (task, result, (GDestroyNotify)text_result_free);
}

static void
text_pool_run (gpointer data,
               gpointer user_data)
{
  g_autoptr(GTask) task = data;

  text_thread (task, g_task_get_source_object (task), g_task_get_task_data (task),
               g_task_get_cancellable (task));
}

static void
run_text_job (GTask *task)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (text_pool_run, NULL, 1, TRUE, NULL));

  g_thread_pool_push (pool, g_object_ref (task), NULL);
}

/* The JSON page: applying the edits */

GtkTextBuffer *
_lens_state_view_get_buffer (LensStateView *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
}

static gboolean
json_page_shown (LensStateView *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "json") == 0;
}

/* Whether every line is laid out: lines that are not yet are 0 px high */
static gboolean
layout_done (LensStateView *self)
{
  GtkTextIter first;
  GtkTextIter last;
  int first_y, first_height, last_y, last_height;
  int lines = gtk_text_buffer_get_line_count (_lens_state_view_get_buffer (self));

  gtk_text_buffer_get_bounds (_lens_state_view_get_buffer (self), &first, &last);
  gtk_text_view_get_line_yrange (GTK_TEXT_VIEW (self->source_view), &first, &first_y,
                                 &first_height);
  gtk_text_view_get_line_yrange (GTK_TEXT_VIEW (self->source_view), &last, &last_y,
                                 &last_height);

  return first_height > 0 && last_y >= (lines - 1) * first_height;
}

static gboolean
numbers_poll_cb (gpointer user_data)
{
  LensStateView *self = user_data;

  if (self->edits_source != 0 || !layout_done (self))
    return G_SOURCE_CONTINUE;

  self->numbers_source = 0;
  gtk_source_view_set_show_line_numbers (self->source_view, TRUE);
  return G_SOURCE_REMOVE;
}

static void
hide_numbers (LensStateView *self)
{
  gtk_source_view_set_show_line_numbers (self->source_view, FALSE);
  if (self->numbers_source == 0)
    self->numbers_source = g_timeout_add (NUMBERS_POLL_MS, numbers_poll_cb, self);
}

static void
set_highlight (LensStateView *self,
               gsize          text_size)
{
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (_lens_state_view_get_buffer (self));
  GtkSourceLanguage *json =
    gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "json");
  GtkSourceLanguage *language = text_size <= HIGHLIGHT_MAX_BYTES ? json : NULL;

  if (gtk_source_buffer_get_language (buffer) != language)
    gtk_source_buffer_set_language (buffer, language);
}

void
_lens_state_view_stop_text (LensStateView *self)
{
  g_cancellable_cancel (self->text_cancellable);
  g_clear_object (&self->text_cancellable);
  self->text_restarts = 0;

  if (self->edits_source != 0)
    {
      /* The buffer is half-way between two texts */
      g_clear_handle_id (&self->edits_source, g_source_remove);
      g_array_set_size (self->text_edits, 0);
      self->text_valid = FALSE;
    }
}

static gboolean
apply_edits_cb (gpointer user_data)
{
  LensStateView *self = user_data;
  GtkTextBuffer *buffer = _lens_state_view_get_buffer (self);
  const char *text = g_bytes_get_data (self->text, NULL);
  gint64 deadline = g_get_monotonic_time () + EDIT_SLICE_US;

  gtk_text_buffer_begin_irreversible_action (buffer);
  while (self->next_edit < self->text_edits->len && g_get_monotonic_time () < deadline)
    {
      const TextEdit *edit = &g_array_index (self->text_edits, TextEdit, self->next_edit);
      GtkTextIter start;
      GtkTextIter end;

      gtk_text_buffer_get_iter_at_offset (buffer, &start, edit->offset);
      if (edit->delete_chars > 0)
        {
          gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                              edit->offset + MIN (edit->delete_chars,
                                                                  EDIT_PIECE_CHARS));
          gtk_text_buffer_delete (buffer, &start, &end);
          if (edit->delete_chars == DELETE_TO_END &&
              gtk_text_buffer_get_char_count (buffer) > (int)edit->offset)
            continue;
        }
      if (edit->insert_len > 0)
        gtk_text_buffer_insert (buffer, &start, text + edit->insert_start, edit->insert_len);
      self->next_edit++;
    }
  gtk_text_buffer_end_irreversible_action (buffer);

  if (self->next_edit < self->text_edits->len)
    return G_SOURCE_CONTINUE;

  self->edits_source = 0;
  g_array_set_size (self->text_edits, 0);
  if (self->full_reload)
    {
      GtkTextIter start;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_place_cursor (buffer, &start);
    }

  /* The state may have moved on meanwhile */
  _lens_state_view_refresh_text (self);
  return G_SOURCE_REMOVE;
}

static void
text_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LensStateView *self = LENS_STATE_VIEW (object);
  TextJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(JsonNode) state = g_steal_pointer (&job->state);
  g_autoptr(TextResult) done = g_task_propagate_pointer (G_TASK (result), NULL);

  if (done == NULL || g_task_get_cancellable (G_TASK (result)) != self->text_cancellable)
    {
      /* Stale: this may be the last reference to an old state */
      lens_json_release_later (g_steal_pointer (&state));
      return;
    }

  g_clear_object (&self->text_cancellable);
  self->text_restarts = 0;

  /* Made against a text the buffer no longer holds */
  if (self->editing || job->base != (self->text_valid ? self->text : NULL))
    {
      lens_json_release_later (g_steal_pointer (&state));
      _lens_state_view_refresh_text (self);
      return;
    }

  g_clear_pointer (&self->text, g_bytes_unref);
  self->text = g_steal_pointer (&done->text);
  lens_json_release_later (g_steal_pointer (&self->text_state));
  self->text_state = g_steal_pointer (&state);
  self->text_valid = TRUE;
  self->full_reload = job->base == NULL;
  set_highlight (self, g_bytes_get_size (self->text));
  if (done->many_lines || (self->full_reload && gtk_text_buffer_get_line_count (
                             _lens_state_view_get_buffer (self)) > NUMBERS_MAX_LINES))
    hide_numbers (self);

  g_array_set_size (self->text_edits, 0);
  g_array_append_vals (self->text_edits, done->edits->data, done->edits->len);
  self->next_edit = 0;

  /* A first slice at once, so that a small change shows in this frame */
  if (!apply_edits_cb (self))
    return;

  self->edits_source = g_idle_add_full (EDIT_PRIORITY, apply_edits_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->edits_source),
                            "[lens] state text");
}

/* Brings the JSON page up to date with the state, if it is shown */
void
_lens_state_view_refresh_text (LensStateView *self)
{
  JsonNode *state = _lens_state_view_current_state (self);
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GTask) task = NULL;
  TextJob *job;

  if (self->editing || self->edits_source != 0 || !json_page_shown (self))
    return;

  if (self->text_cancellable != NULL)
    {
      /* A newer state makes the text being made stale, but if states come
       * faster than the text can be made, the last one is finished first. */
      if (self->text_restarts >= MAX_TEXT_RESTARTS)
        return;
      g_cancellable_cancel (self->text_cancellable);
      g_clear_object (&self->text_cancellable);
      self->text_restarts++;
    }
  else if (self->text_valid && self->text_state == state)
    return;

  job = g_new0 (TextJob, 1);
  /* Read in the thread: the state is never changed in place */
  job->state = state ? json_node_ref (state) : NULL;
  job->base = self->text_valid ? g_bytes_ref (self->text) : NULL;

  cancellable = g_cancellable_new ();
  self->text_cancellable = g_object_ref (cancellable);
  task = g_task_new (self, cancellable, text_done_cb, NULL);
  g_task_set_source_tag (task, _lens_state_view_refresh_text);
  g_task_set_name (task, "[lens] state text");
  g_task_set_task_data (task, job, (GDestroyNotify)text_job_free);
  run_text_job (task);
}

/* At once, for editing: the editor must hold the state it started from */
void
_lens_state_view_show_text (LensStateView *self)
{
  JsonNode *state = _lens_state_view_current_state (self);
  char *text;

  _lens_state_view_stop_text (self);
  if (self->text_valid && self->text_state == state)
    return;

  text = state ? rk_compat_to_string (state, TRUE) : g_strdup ("");
  if (gtk_text_buffer_get_line_count (_lens_state_view_get_buffer (self)) > NUMBERS_MAX_LINES ||
      strlen (text) > NUMBERS_MAX_LINES * 40)
    hide_numbers (self);

  set_highlight (self, strlen (text));
  gtk_text_buffer_begin_irreversible_action (_lens_state_view_get_buffer (self));
  gtk_text_buffer_set_text (_lens_state_view_get_buffer (self), text, -1);
  gtk_text_buffer_end_irreversible_action (_lens_state_view_get_buffer (self));

  g_clear_pointer (&self->text, g_bytes_unref);
  self->text = g_bytes_new_take (text, strlen (text));
  lens_json_release_later (g_steal_pointer (&self->text_state));
  self->text_state = state ? json_node_ref (state) : NULL;
  self->text_valid = TRUE;
}

/* The state as indented JSON: the page's text when it is of the current state */
char *
_lens_state_view_dup_json (LensStateView *self)
{
  JsonNode *state = _lens_state_view_current_state (self);

  if (self->text_valid && self->edits_source == 0 && self->text_state == state)
    return g_strndup (g_bytes_get_data (self->text, NULL), g_bytes_get_size (self->text));

  return state ? rk_compat_to_string (state, TRUE) : g_strdup ("");
}

void
_lens_state_view_init_text (LensStateView *self)
{
  self->text = g_bytes_new_static ("", 0);
  self->text_edits = g_array_new (FALSE, FALSE, sizeof (TextEdit));
  self->text_valid = TRUE;
}

void
_lens_state_view_dispose_text (LensStateView *self)
{
  _lens_state_view_stop_text (self);
  g_clear_handle_id (&self->numbers_source, g_source_remove);
  lens_json_release_later (g_steal_pointer (&self->text_state));
  g_clear_pointer (&self->text, g_bytes_unref);
  g_clear_pointer (&self->text_edits, g_array_unref);
}
