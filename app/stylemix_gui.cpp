// stylemix-gui: the ImGui explorer. Everything lives in gui/ (App); this file
// only turns the command line into options, starts loading the render worker
// library (LibTorch) and reports fatal errors.
#include "gui/app.h"
#include "gui/app_options.h"
#include "model/core/install_paths.h"
#include "app/worker_client/plugin_worker.h"

#include <cstdio>
#include <exception>
#include <functional>
#include <memory>

int main(int argc, char** argv) {
    try {
        bool exit_now = false;
        stylemix::gui::AppOptions options =
            stylemix::gui::parseAppOptions(argc, argv, stylemix::defaultModelPath(), &exit_now);
        if (exit_now) return 0;
        // App calls this once its window exists: loading LibTorch any earlier
        // would hold the dynamic loader's lock while Mesa loads its driver.
        stylemix::gui::App app(std::move(options), [](std::function<void()> wake, int background_nice) {
            auto worker = std::make_unique<stylemix::PluginWorker>(stylemix::PluginWorker::defaultLibraryPath());
            worker->attach(std::move(wake), background_nice);
            return std::unique_ptr<stylemix::WorkerClient>(std::move(worker));
        });
        return app.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "stylemix-gui: %s\n", e.what());
        return 1;
    }
}
