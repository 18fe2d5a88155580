// libstylemix_worker.so: the render worker (the engine, the generator
// families, LibTorch) as a library the explorer loads on a background thread
// once its window is up (app/worker_client/plugin_worker.h). Two symbols, both
// looked up by name; everything else the library holds is hidden.
#include "app/worker_client/plugin_worker.h"
#include "model/engine/render_worker.h"

#include <exception>

#define STYLEMIX_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))

STYLEMIX_PLUGIN_EXPORT const char* stylemix_render_worker_stamp() { return stylemix::workerPluginStamp(); }

STYLEMIX_PLUGIN_EXPORT stylemix::WorkerClient* stylemix_make_render_worker(const stylemix::WorkerPluginArgs& args,
                                                                           std::string& error) {
    try {
        return new stylemix::RenderWorker(args.mailbox, args.background_nice);
    } catch (const std::exception& e) {
        error = std::string("cannot start the render worker: ") + e.what();
        return nullptr;
    }
}

// PluginWorker looks these two up by the names in app/worker_client/plugin_worker.h
// (kWorkerStampSymbol, kMakeWorkerSymbol); tests/gui/test_plugin_worker.cpp
// checks that the built library exports exactly those.
