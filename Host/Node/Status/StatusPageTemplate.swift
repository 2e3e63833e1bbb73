/// The status page's Mustache template. It lives in the binary (not a resource file) so that
/// `sprout` stays one file to copy; `{{…}}` escapes HTML, so task comments cannot inject markup.
enum StatusPageTemplate {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="refresh" content="3">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sprout node</title>
        <style>
          :root { --ink:#17202a; --muted:#5d6d7e; --line:#e5e8eb; --bg:#f6f8f7; --leaf:#1e8449; --warn:#b9770e; --bad:#c0392b; }
          * { box-sizing: border-box; }
          body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--ink); background:var(--bg); }
          header { background:#14342b; color:#eafaf1; padding:14px 28px; display:flex; align-items:baseline; gap:24px; }
          header h1 { margin:0; font-size:20px; letter-spacing:.5px; }
          header .sub { color:#a9dfbf; }
          main { padding:20px 28px; display:grid; grid-template-columns: 1fr 1fr; gap:20px; }
          section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:14px 18px; }
          section.wide { grid-column: 1 / -1; }
          h2 { font-size:15px; margin:0 0 10px; color:#14342b; }
          table { width:100%; border-collapse:collapse; }
          th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
          th { color:var(--muted); font-weight:600; font-size:12px; text-transform:uppercase; letter-spacing:.4px; }
          .big { font-size:28px; font-weight:700; color:var(--leaf); }
          .stat { display:inline-block; margin-right:32px; }
          .muted { color:var(--muted); }
          .chip { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; margin:1px 2px; background:#eaf2f8; }
          .received { background:#eaecee; } .packed { background:#d6eaf8; } .dispatched { background:#fdebd0; }
          .proved { background:#d5f5e3; } .outputted { background:#abebc6; } .failed { background:#fadbd8; color:var(--bad); }
          .ok { color:var(--leaf); font-weight:600; } .bad { color:var(--bad); font-weight:600; }
          .reason { font-family: ui-monospace, monospace; font-size:12px; color:var(--bad); white-space:pre-wrap; }
          .empty { color:var(--muted); font-style:italic; }
        </style>
        </head>
        <body>
        <header><h1><span style="color:#58d68d"><header><h1>🌱 Sprout node</h1>#9679;</span> Sprout node</h1><span class="sub">updated {{generated}} UTC · refreshes every 3 s</span></header>
        <main>
        <section>
          <h2>Prover</h2>
          <div class="stat"><div class="big">{{throughput}}</div><div class="muted">tasks outputted per minute (last 5 min)</div></div>
          <div class="stat"><div class="big">{{taskCount}}</div><div class="muted">recent tasks shown</div></div>
          <div class="stat"><div class="big" style="color:var(--bad)">{{failureCount}}</div><div class="muted">of them failed</div></div>
        </section>
        <section>
          <h2>Engine plugins</h2>
          <table><tr><th>Engine</th><th>Version</th><th>vmTypes</th><th>Status</th></tr>
          {{#plugins}}<tr><td>{{name}}<div class="muted">{{file}}</div></td><td>{{version}}</td><td>{{vmTypes}}</td><td class="{{#healthy}}ok{{/healthy}}{{^healthy}}bad{{/healthy}}">{{status}}</td></tr>
          {{/plugins}}</table>
          {{^plugins}}<p class="empty">No plugins in the plugin directory.</p>{{/plugins}}
        </section>
        <section class="wide">
          <h2>Projects</h2>
          <table><tr><th>Project</th><th>Version</th><th>vmType</th><th>Output</th><th>Engine</th></tr>
          {{#projects}}{{#error}}<tr><td colspan="5" class="reason">not loaded: {{error}}</td></tr>{{/error}}{{^error}}<tr><td>{{id}}</td><td>{{version}}</td><td>{{vmType}}</td><td>{{output}}</td><td>{{engine}}</td></tr>{{/error}}
          {{/projects}}</table>
        </section>
        <section class="wide">
          <h2>Recent tasks</h2>
          <table><tr><th>Task</th><th>Project</th><th>State</th><th>History</th></tr>
          {{#tasks}}<tr><td>{{id}}</td><td>{{projectID}}</td><td><span class="chip {{state}}">{{state}}</span>{{#progress}}<div class="muted">{{.}}</div>{{/progress}}</td>
          <td>{{#steps}}<span class="chip {{state}}" title="{{comment}}">{{state}} {{time}}</span>{{/steps}}</td></tr>
          {{/tasks}}</table>
          {{^tasks}}<p class="empty">No tasks yet: send a message with POST /message.</p>{{/tasks}}
        </section>
        <section class="wide">
          <h2>Failures</h2>
          {{#failures}}<p><b>task {{taskID}}</b> of project {{projectID}} at {{time}}<br><span class="reason">{{reason}}</span></p>{{/failures}}
          {{^failures}}<p class="empty">None among the recent tasks.</p>{{/failures}}
        </section>
        </main>
        </body>
        </html>
        """
}
