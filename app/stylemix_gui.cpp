// stylemix-gui: the ImGui explorer. Everything lives in gui/ (App); this file
// only turns the command line into options and reports fatal errors.
#include "gui/app.h"
#include "gui/app_options.h"
#include "model/engine/render_worker.h"

#include <cstdio>
#include <functional>
#include <memory>
#include <exception>

int main(int argc, char** argv) {
    try {
        bool exit_now = false;
        stylemix::gui::AppOptions options =
            stylemix::gui::parseAppOptions(argc, argv, STYLEMIX_DEFAULT_MODEL, &exit_now);
        if (exit_now) return 0;
        stylemix::gui::App app(std::move(options), [](std::function<void()> wake, int background_nice) {
            return std::unique_ptr<stylemix::WorkerClient>(
                std::make_unique<stylemix::RenderWorker>(std::move(wake), background_nice));
        });
        return app.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "stylemix-gui: %s\n", e.what());
        return 1;
    }
}
