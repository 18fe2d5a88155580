// The views of the main area, in tab order.
#pragma once

#include "gui/views/view.h"

#include <memory>
#include <vector>

namespace stylemix::gui {

std::vector<std::unique_ptr<View>> makeViews();

}  // namespace stylemix::gui
