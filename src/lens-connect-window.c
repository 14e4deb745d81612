/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-connect-window.c: choose a RivetKit endpoint, with a diagnosis when it fails
 *
 * The window probes the server before handing it over, so a typo or a
 * stopped dev server is explained here, in words, instead of as an empty
 * sidebar.
 */

#define G_LOG_DOMAIN "lens-connect-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-error.h"
#include "rk-server-info.h"

#include "lens-connect-window.h"
#include "lens-token-store.h"

struct _LensConnectWindow
{
  AdwWindow parent_instance;

  /* Owned references */
  GSettings *settings;
  GCancellable *cancellable;
  RkClient *probing;
  GCancellable *lookup;
  gboolean found_stored_token;

  /* Template widgets */
  AdwEntryRow *endpoint_row;
  AdwEntryRow *namespace_row;
  AdwPasswordEntryRow *token_row;
  GtkSwitch *remember_switch;
  AdwToastOverlay *toast_overlay;
  GtkStack *status_stack;
  GtkSpinner *spinner;
  GtkLabel *probing_label;
  GtkLabel *diagnosis_title;
  GtkLabel *diagnosis_message;
  GtkLabel *diagnosis_hint;
  AdwPreferencesGroup *recent_group;
  GtkListBox *recent_list;
};

enum {
  PROP_0,
  PROP_DIAGNOSIS,
  N_PROPS
};

enum {
  CONNECTED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (LensConnectWindow, lens_connect_window, ADW_TYPE_WINDOW)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
diagnose (LensConnectWindow *self,
          const GError      *error)
{
  const char *title = _("Can’t Connect");
  const char *hint = NULL;

  if (error->domain == RK_ERROR)
    {
      switch ((RkError)error->code)
        {
        case RK_ERROR_UNREACHABLE:
          title = _("Can’t Reach the Server");
          hint = _("Start the server (your app’s dev script, or “npx rivetkit dev”) and "
                   "check the host and the port.");
          break;

        case RK_ERROR_UNAUTHORIZED:
          title = _("The Server Refused the Token");
          hint = _("Check the token. It is sent as a bearer token, and kept only in your "
                   "keyring when you ask.");
          break;

        case RK_ERROR_INVALID_REPLY:
        case RK_ERROR_PROTOCOL:
          title = _("This Is Not a RivetKit Server");
          hint = _("Something answers at this address, but not as RivetKit does. Check the "
                   "port, and the path if RivetKit is mounted under your app.");
          break;

        case RK_ERROR_HTTP:
        case RK_ERROR_REMOTE:
          title = _("The Server Answered With an Error");
          hint = _("The server runs but refused the request. Its log may say why.");
          break;

        case RK_ERROR_TIMEOUT:
          title = _("The Server Did Not Answer in Time");
          hint = _("The server accepted the connection but stayed silent. It may be busy or "
                   "stuck.");
          break;

        case RK_ERROR_INVALID_ARGUMENT:
          title = _("The Endpoint Is Not Valid");
          hint = _("Use a URL such as http://localhost:6420.");
          break;

        case RK_ERROR_FAILED:
        case RK_ERROR_CLOSED:
        case RK_ERROR_NOT_SUPPORTED:
        case RK_ERROR_QUEUE_FULL:
        default:
          break;
        }
    }

  gtk_label_set_text (self->diagnosis_title, title);
  gtk_label_set_text (self->diagnosis_message, error->message);
  gtk_label_set_text (self->diagnosis_hint, hint ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->diagnosis_hint), hint != NULL);
  gtk_stack_set_visible_child_name (self->status_stack, "failed");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIAGNOSIS]);
}

/* The keyring is a convenience: when it fails the connection goes on,
 * with a toast that says why. */
static void
keyring_failed (LensConnectWindow *self,
                const char        *title,
                const GError      *error)
{
  AdwToast *toast;

  g_message ("The keyring failed: %s", error->message);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
token_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The window is closed by now: a log line is all there is. */
  if (!lens_token_store_save_finish (LENS_TOKEN_STORE (object), result, &error))
    g_message ("Could not keep the token in the keyring: %s", error->message);
}

static void
token_forgotten_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!lens_token_store_forget_finish (LENS_TOKEN_STORE (object), result, &error))
    g_debug ("Could not remove the token from the keyring: %s", error->message);
}

/* Keeps the token of a connection that worked, or forgets it when the user
 * turned "Remember Token" off. Not tied to the window's cancellable: the
 * window closes right after. */
static void
remember_token (LensConnectWindow *self,
                RkClient          *client)
{
  LensTokenStore *store = lens_token_store_get_default ();
  const char *endpoint = rk_client_get_configured_endpoint (client);
  const char *namespace_ = rk_client_get_namespace (client);
  const char *token = rk_client_get_token (client);
  gboolean has_token = token != NULL && token[0] != '\0';

  if (gtk_switch_get_active (self->remember_switch) && has_token)
    lens_token_store_save_async (store, endpoint, namespace_, token, NULL, token_saved_cb, NULL);
  else if (!gtk_switch_get_active (self->remember_switch) &&
           (has_token || self->found_stored_token))
    lens_token_store_forget_async (store, endpoint, namespace_, NULL, token_forgotten_cb, NULL);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  RkClient *client = RK_CLIENT (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(RkServerInfo) info = NULL;
  LensConnectWindow *self;

  if (!(info = rk_client_probe_finish (client, result, &error)) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_CONNECT_WINDOW (user_data);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  g_clear_object (&self->probing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.connect", TRUE);

  if (info == NULL)
    {
      diagnose (self, error);
      return;
    }

  remember_token (self, client);
  g_signal_emit (self, signals[CONNECTED], 0, client);
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * lens_connect_window_connect:
 * @self: a #LensConnectWindow
 *
 * Probes the endpoint entered; on success emits #LensConnectWindow::connected
 * and closes, otherwise explains what went wrong.
 */
void
lens_connect_window_connect (LensConnectWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkClient) client = NULL;
  g_autofree char *label = NULL;
  const char *endpoint;

  g_return_if_fail (LENS_IS_CONNECT_WINDOW (self));

  if (self->probing != NULL)
    return;

  /* Connecting by hand does not wait for the keyring. */
  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);

  endpoint = gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row));
  if (!(client = rk_client_new (endpoint,
                                gtk_editable_get_text (GTK_EDITABLE (self->namespace_row)),
                                gtk_editable_get_text (GTK_EDITABLE (self->token_row)),
                                &error)))
    {
      diagnose (self, error);
      return;
    }

  self->probing = g_object_ref (client);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.connect", FALSE);
  /* Translators: %s is the endpoint URL */
  label = g_strdup_printf (_("Connecting to %s…"), rk_client_get_endpoint (client));
  gtk_label_set_text (self->probing_label, label);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->status_stack, "probing");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIAGNOSIS]);

  rk_client_probe_async (client, self->cancellable, probe_cb, self);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  lens_connect_window_connect (LENS_CONNECT_WINDOW (widget));
}

static void
lens_connect_window_entry_activated_cb (LensConnectWindow *self)
{
  lens_connect_window_connect (self);
}

static void
token_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  LensConnectWindow *self;

  token = lens_token_store_lookup_finish (LENS_TOKEN_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_CONNECT_WINDOW (user_data);
  g_clear_object (&self->lookup);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (error != NULL)
    keyring_failed (self, _("The keyring is not available"), error);

  gtk_editable_set_text (GTK_EDITABLE (self->token_row), token ? token : "");
  self->found_stored_token = token != NULL;
  gtk_switch_set_active (self->remember_switch, token != NULL);
  lens_connect_window_connect (self);
}

static void
lens_connect_window_recent_activated_cb (LensConnectWindow *self,
                                         GtkListBoxRow     *row)
{
  const char *endpoint = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  const char *namespace_ = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), endpoint);
  gtk_editable_set_text (GTK_EDITABLE (self->namespace_row), namespace_);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");

  /* Connects once the keyring has answered, with or without a token. The
   * keyring may wait for the user to unlock it, or for a prompt that never
   * shows: "Connect" stays available and does not wait. */
  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  self->lookup = g_cancellable_new ();
  gtk_label_set_text (self->probing_label, _("Looking for a token in your keyring…"));
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->status_stack, "probing");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIAGNOSIS]);
  lens_token_store_lookup_async (lens_token_store_get_default (), endpoint, namespace_,
                                 self->lookup, token_lookup_cb, self);
}

static void
load_recent (LensConnectWindow *self)
{
  g_autoptr(GVariant) recent = g_settings_get_value (self->settings, "recent-endpoints");
  GVariantIter iter;
  const char *endpoint;
  const char *namespace_;

  g_variant_iter_init (&iter, recent);
  while (g_variant_iter_next (&iter, "(&s&s)", &endpoint, &namespace_))
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), endpoint);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), namespace_);
      /* Endpoints are not markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_append (self->recent_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), g_variant_n_children (recent) > 0);
}

static void
lens_connect_window_dispose (GObject *object)
{
  LensConnectWindow *self = (LensConnectWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  g_clear_object (&self->probing);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_CONNECT_WINDOW);

  G_OBJECT_CLASS (lens_connect_window_parent_class)->dispose (object);
}

static void
lens_connect_window_finalize (GObject *object)
{
  LensConnectWindow *self = (LensConnectWindow *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lens_connect_window_parent_class)->finalize (object);
}

static void
lens_connect_window_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LensConnectWindow *self = LENS_CONNECT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DIAGNOSIS:
      g_value_set_string (value, lens_connect_window_get_diagnosis (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_connect_window_class_init (LensConnectWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lens_connect_window_dispose;
  object_class->finalize = lens_connect_window_finalize;
  object_class->get_property = lens_connect_window_get_property;

  properties[PROP_DIAGNOSIS] =
    g_param_spec_string ("diagnosis", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LensConnectWindow::connected:
   * @self: the window
   * @client: a client whose server answered the probe
   */
  signals[CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, RK_TYPE_CLIENT);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-connect-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LensConnectWindow, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, LensConnectWindow, namespace_row);
  gtk_widget_class_bind_template_child (widget_class, LensConnectWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, LensConnectWindow, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, LensConnectWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LensConnectWindow, status_stack);
  gtk_widget_class_bind_template_child (widget_class, LensConnectWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, LensConnectWindow, probing_label);
  gtk_widget_class_bind_template_child (widget_class, LensConnectWindow, diagnosis_title);
  gtk_widget_class_bind_template_child (widget_class, LensConnectWindow, diagnosis_message);
  gtk_widget_class_bind_template_child (widget_class, LensConnectWindow, diagnosis_hint);
  gtk_widget_class_bind_template_child (widget_class, LensConnectWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, LensConnectWindow, recent_list);
  gtk_widget_class_bind_template_callback (widget_class, lens_connect_window_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, lens_connect_window_recent_activated_cb);

  gtk_widget_class_install_action (widget_class, "connect.connect", NULL, connect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* libadwaita 1.2 leaves the peek button of a password row without a name:
 * its tooltip ("Show Text", then "Hide Text") is only its description. The
 * tooltip names it, kept in step. */
static void
peek_tooltip_cb (GtkWidget  *button,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static GtkWidget *
find_peek_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *icon = GTK_IS_BUTTON (child) ? gtk_button_get_icon_name (GTK_BUTTON (child))
                                                : NULL;
      GtkWidget *found;

      if (icon != NULL && (g_str_has_prefix (icon, "view-reveal") ||
                           g_str_has_prefix (icon, "view-conceal")))
        return child;
      if ((found = find_peek_button (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
name_peek_button (AdwPasswordEntryRow *row)
{
  GtkWidget *button = find_peek_button (GTK_WIDGET (row));

  if (button == NULL)
    return;
  g_signal_connect (button, "notify::tooltip-text", G_CALLBACK (peek_tooltip_cb), NULL);
  peek_tooltip_cb (button, NULL, NULL);
}

static void
lens_connect_window_init (LensConnectWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  name_peek_button (self->token_row);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->settings = g_settings_new (SCHEMA_ID);
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), RK_DEFAULT_ENDPOINT);
  gtk_editable_set_text (GTK_EDITABLE (self->namespace_row), RK_DEFAULT_NAMESPACE);
  load_recent (self);
}

/**
 * lens_connect_window_new:
 * @parent: (nullable): the window to be modal for
 *
 * Returns: (transfer none): a new window
 */
GtkWidget *
lens_connect_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (LENS_TYPE_CONNECT_WINDOW,
                       "transient-for", parent,
                       NULL);
}

/**
 * lens_connect_window_set_client:
 * @self: a #LensConnectWindow
 * @client: the client to start from
 *
 * Fills in the endpoint, namespace and token of @client.
 */
void
lens_connect_window_set_client (LensConnectWindow *self,
                                RkClient          *client)
{
  g_return_if_fail (LENS_IS_CONNECT_WINDOW (self));
  g_return_if_fail (RK_IS_CLIENT (client));

  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row),
                         rk_client_get_configured_endpoint (client));
  gtk_editable_set_text (GTK_EDITABLE (self->namespace_row), rk_client_get_namespace (client));
  gtk_editable_set_text (GTK_EDITABLE (self->token_row),
                         rk_client_get_token (client) ? rk_client_get_token (client) : "");
}

/**
 * lens_connect_window_get_diagnosis:
 * @self: a #LensConnectWindow
 *
 * Returns: (nullable): the title of the diagnosis shown, or %NULL while
 *   nothing failed
 */
const char *
lens_connect_window_get_diagnosis (LensConnectWindow *self)
{
  g_return_val_if_fail (LENS_IS_CONNECT_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->status_stack), "failed") != 0)
    return NULL;

  return gtk_label_get_text (self->diagnosis_title);
}
