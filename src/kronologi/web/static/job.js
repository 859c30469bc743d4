// Poll a background job until it finishes, showing progress; then reload to list the
// articles it added and the stories they joined (rendered by the server).
(function () {
  const box = document.getElementById("job");
  if (!box) return;
  const bar = document.getElementById("job-bar");
  const progress = document.getElementById("job-progress");
  const template = progress.textContent.replace(/\d+/, "{done}").replace(/\d+/, "{total}");
  async function poll() {
    const response = await fetch("/api/jobs/" + box.dataset.job, { cache: "no-store" });
    if (!response.ok) return;
    const job = await response.json();
    bar.max = Math.max(job.total, 1);
    bar.value = job.done;
    progress.textContent = template.replace("{done}", job.done).replace("{total}", job.total);
    if (job.state === "done" || job.state === "failed") {
      window.location.reload();
    } else {
      window.setTimeout(poll, 400);
    }
  }
  window.setTimeout(poll, 200);
})();
