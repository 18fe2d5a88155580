#include "gui/views/view_registry.h"

#include "gui/views/grid/grid_tab.h"
#include "gui/views/influence/influence_tab.h"
#include "gui/views/lab/lab_tab.h"
#include "gui/views/motion/motion_tab.h"
#include "gui/views/layers/layers_tab.h"
#include "gui/views/strip/strip_tab.h"

namespace stylemix::gui {

// One line per view: adding a view is its folder and its line here.
std::vector<std::unique_ptr<View>> makeViews() {
    std::vector<std::unique_ptr<View>> views;
    views.push_back(std::make_unique<GridTab>());
    views.push_back(std::make_unique<LabTab>());
    views.push_back(std::make_unique<StripTab>());
    views.push_back(std::make_unique<MotionTab>());
    views.push_back(std::make_unique<LayersTab>());
    views.push_back(std::make_unique<InfluenceTab>());
    return views;
}

}  // namespace stylemix::gui
