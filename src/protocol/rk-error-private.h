/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-error-private.h: what the library does to RK_ERROR errors behind the public API */

#pragma once

#include "rk-error.h"

G_BEGIN_DECLS

void _rk_error_redact (GError     *error,
                       const char *secret);

G_END_DECLS
