-- Drives the NetworkPolicy Lens server from Neovim 0.7 (vim.lsp.start_client, not vim.lsp.start).
-- Env: NETPOL_SERVER (path to dist/server.js), NETPOL_ROOT (workspace folder),
--      NETPOL_LINE / NETPOL_COL (0-based hover position), NETPOL_EXPECT (text the hover must
--      contain once indexing is done). Prints one JSON line per result.
local server = os.getenv('NETPOL_SERVER')
local root = os.getenv('NETPOL_ROOT')
local line = tonumber(os.getenv('NETPOL_LINE'))
local col = tonumber(os.getenv('NETPOL_COL'))
local expect = os.getenv('NETPOL_EXPECT')

local function out(kind, value)
  io.stdout:write(vim.fn.json_encode({ kind = kind, value = value }) .. '\n')
end

local client_id = vim.lsp.start_client({
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'ws' } },
  on_exit = function(code) out('exit', code) end,
})
if not client_id then out('error', 'start_client failed'); vim.cmd('cquit 2') end
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)

local ok = vim.wait(15000, function()
  local c = vim.lsp.get_client_by_id(client_id)
  return c ~= nil and c.initialized == true
end, 50)
if not ok then out('error', 'not initialized'); vim.cmd('cquit 3') end

local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = col } }
-- The first requests may come before indexing ends; ask until the answer is complete.
local hover_text = ''
vim.wait(15000, function()
  local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 5000) or {}
  for _, r in pairs(res) do
    if r.result and r.result.contents then hover_text = r.result.contents.value or '' end
  end
  return hover_text:find(expect, 1, true) ~= nil
end, 100)
out('hover', hover_text)

local titles = {}
local lenses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeLens', { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }, 5000) or {}
for _, r in pairs(lenses) do
  for _, l in ipairs(r.result or {}) do table.insert(titles, l.command and l.command.title or '') end
end
out('codeLens', titles)
vim.lsp.stop_client(client_id)
vim.cmd('qall!')
