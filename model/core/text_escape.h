// Makes text that came from a file safe to show. The functions live in the
// torch-free file layer (model/io/message_text.h), whose readers quote file
// contents in their messages; this header is kept for the layers above.
#pragma once

#include "model/io/message_text.h"
