// PluginWorker: the render worker loaded from libstylemix_worker.so on its own
// thread (app/worker_client/plugin_worker.h). This executable links no LibTorch.
#include "app/worker_client/plugin_worker.h"

#include <dlfcn.h>
#include <sys/stat.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

namespace stylemix {
namespace {

using namespace std::chrono_literals;

// Polls until `want` results came or `timeout` passed.
std::vector<WorkerResult> pollFor(WorkerClient& worker, std::size_t want, std::chrono::seconds timeout) {
    std::vector<WorkerResult> out;
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (out.size() < want && std::chrono::steady_clock::now() < until) {
        if (auto r = worker.poll()) {
            if (!r->partial) out.push_back(std::move(*r));
        } else {
            std::this_thread::sleep_for(5ms);
        }
    }
    return out;
}

RenderRequest oneCell() {
    MixRequest mix;
    mix.rows = {Source{1}};
    mix.cols = {Source{2}};
    mix.styles = {0, 1, 2, 3};
    return RenderRequest{{ViewJob{"grid", mix}}};
}

bool libraryLoaded() {
    void* handle = ::dlopen(STYLEMIX_WORKER_LIBRARY, RTLD_LAZY | RTLD_NOLOAD);
    if (handle) ::dlclose(handle);   // drops only the reference NOLOAD took
    return handle != nullptr;
}

// Requests made while the library loads are answered, in order, under the
// generations this object handed out; nothing loads before the UI is shown.
// The library exports exactly the names PluginWorker looks up (kWorkerStampSymbol,
// kMakeWorkerSymbol), and its stamp is this build's.
TEST(PluginWorker, TheLibraryExportsTheNamesItIsLookedUpBy) {
    void* handle = ::dlopen(STYLEMIX_WORKER_LIBRARY, RTLD_LAZY | RTLD_LOCAL);
    ASSERT_NE(handle, nullptr) << ::dlerror();
    const auto stamp = reinterpret_cast<const char* (*)()>(::dlsym(handle, stylemix::kWorkerStampSymbol));
    ASSERT_NE(stamp, nullptr) << STYLEMIX_WORKER_LIBRARY << " does not export " << stylemix::kWorkerStampSymbol;
    EXPECT_NE(::dlsym(handle, stylemix::kMakeWorkerSymbol), nullptr)
        << STYLEMIX_WORKER_LIBRARY << " does not export " << stylemix::kMakeWorkerSymbol;
    EXPECT_STREQ(stamp(), stylemix::workerPluginStamp());
}

TEST(PluginWorker, LoadsOnceTheUiIsShownAndAnswersRequestsMadeBefore) {
    PluginWorker worker(STYLEMIX_WORKER_LIBRARY, std::chrono::hours(1));
    std::atomic<int> wakes{0};
    worker.attach([&] { ++wakes; }, 0);
    const std::uint64_t load = worker.submitLoad(LoadRequest{STYLEMIX_DEFAULT_MODEL});
    const std::uint64_t render = worker.submitRender(oneCell());
    EXPECT_GT(render, load);
    std::this_thread::sleep_for(200ms);
    EXPECT_FALSE(libraryLoaded()) << "LibTorch must wait for the first frame";
    EXPECT_EQ(worker.state(), WorkerState::Loading);
    EXPECT_EQ(worker.facts(), nullptr);

    worker.uiShown();
    const std::vector<WorkerResult> results = pollFor(worker, 2, 120s);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_TRUE(libraryLoaded());
    EXPECT_EQ(results[0].kind, WorkerResult::Kind::Load);
    EXPECT_EQ(results[0].generation, load);
    EXPECT_EQ(results[0].error, "");
    ASSERT_NE(results[0].facts, nullptr);
    EXPECT_EQ(results[0].facts->img_resolution, 64);
    EXPECT_EQ(results[1].kind, WorkerResult::Kind::Render);
    ASSERT_NE(results[1].as<MixResult>(), nullptr);
    EXPECT_EQ(results[1].generation, render);
    ASSERT_EQ(results[1].as<MixResult>()->cells.size(), 1u);
    EXPECT_EQ(results[1].as<MixResult>()->cells[0][0]->width, 64);
    EXPECT_GE(wakes.load(), 2);

    // Its dependencies are global, as if linked: the engine sets OpenBLAS's
    // thread count through dlsym(RTLD_DEFAULT, ...) (when the BLAS is OpenBLAS).
    void* library = ::dlopen(STYLEMIX_WORKER_LIBRARY, RTLD_LAZY | RTLD_NOLOAD);
    ASSERT_NE(library, nullptr);
    if (::dlsym(library, "openblas_set_num_threads")) {
        EXPECT_NE(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"), nullptr);
    }
    ::dlclose(library);

    // Once up, requests go straight through, still under our generations.
    const std::uint64_t again = worker.submitRender(oneCell());
    const std::vector<WorkerResult> more = pollFor(worker, 1, 60s);
    ASSERT_EQ(more.size(), 1u);
    EXPECT_EQ(more[0].generation, again);
}

TEST(PluginWorker, AMissingLibraryIsALoadErrorNamingIt) {
    PluginWorker worker("/nonexistent/libstylemix_worker.so", 0ms);
    worker.attach({}, 0);
    const std::uint64_t load = worker.submitLoad(LoadRequest{STYLEMIX_DEFAULT_MODEL});
    const std::vector<WorkerResult> results = pollFor(worker, 1, 30s);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].kind, WorkerResult::Kind::Load);
    EXPECT_EQ(results[0].generation, load);
    EXPECT_NE(results[0].error.find("/nonexistent/libstylemix_worker.so"), std::string::npos) << results[0].error;
    EXPECT_EQ(worker.state(), WorkerState::Stopped);
    // Later loads fail the same way; renders have nothing to run on.
    worker.submitRender(oneCell());
    const std::uint64_t retry = worker.submitLoad(LoadRequest{STYLEMIX_DEFAULT_MODEL});
    const std::vector<WorkerResult> again = pollFor(worker, 1, 5s);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].generation, retry);
    EXPECT_FALSE(again[0].error.empty());
}

// The file is read ahead while the library loads; a file that cannot be read
// is left to the worker, whose error names it like any failed load.
TEST(PluginWorker, AModelFileThatCannotBeReadIsTheEnginesErrorNamingIt) {
    PluginWorker worker(STYLEMIX_WORKER_LIBRARY, 0ms);
    worker.attach({}, 0);
    const std::string missing = std::string(STYLEMIX_TEST_TMP) + "/no-such-model.safetensors";
    const std::uint64_t load = worker.submitLoad(LoadRequest{missing});
    const std::vector<WorkerResult> results = pollFor(worker, 1, 120s);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].generation, load);
    EXPECT_NE(results[0].error.find("no-such-model.safetensors"), std::string::npos) << results[0].error;
    EXPECT_EQ(results[0].facts, nullptr);
}

// Hostile model paths through the read-ahead: the checked opener refuses each
// at once (a FIFO is never opened for a blocking read), and the load error
// names the path.
TEST(PluginWorker, SpecialFilesAsModelsAreLoadErrorsAndNeverBlock) {
    const std::string dir = std::string(STYLEMIX_TEST_TMP) + "/plugin_worker";
    std::filesystem::create_directories(dir);
    const std::string fifo = dir + "/model.fifo";
    std::filesystem::remove(fifo);
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    for (const std::string& path : {fifo, std::string("/dev/zero"), dir}) {
        SCOPED_TRACE(path);
        PluginWorker worker(STYLEMIX_WORKER_LIBRARY, 0ms);
        worker.attach({}, 0);
        const auto start = std::chrono::steady_clock::now();
        const std::uint64_t load = worker.submitLoad(LoadRequest{path});
        const std::vector<WorkerResult> results = pollFor(worker, 1, 60s);
        ASSERT_EQ(results.size(), 1u);
        EXPECT_EQ(results[0].generation, load);
        EXPECT_NE(results[0].error.find(path), std::string::npos) << results[0].error;
        EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
    }
}

TEST(PluginWorker, ALibraryWithoutTheEntryPointsIsRefused) {
    PluginWorker worker("libm.so.6", 0ms);
    worker.attach({}, 0);
    worker.submitLoad(LoadRequest{STYLEMIX_DEFAULT_MODEL});
    const std::vector<WorkerResult> results = pollFor(worker, 1, 30s);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_NE(results[0].error.find("is not a StyleMix render worker library"), std::string::npos) << results[0].error;
}

TEST(PluginWorker, ShutsDownCleanlyBeforeItWasEverShown) {
    auto worker = std::make_unique<PluginWorker>(STYLEMIX_WORKER_LIBRARY, std::chrono::hours(1));
    worker->submitLoad(LoadRequest{STYLEMIX_DEFAULT_MODEL});
    const auto start = std::chrono::steady_clock::now();
    worker.reset();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

}  // namespace
}  // namespace stylemix
