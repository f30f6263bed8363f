-- Drives any stdio language server from Neovim 0.7 (Debian's 0.7.2: vim.lsp.start_client,
-- buf_attach_client, buf_request_sync; there is no vim.lsp.start). Run on the file to test:
--   nvim --headless --clean -i NONE -n -c 'luafile test/e2e/nvim-lsp.lua' FILE   (test/e2e/neovim.ts)
--
-- Env (inputs):
--   LSP_CMD           JSON array, the server command, e.g. ["node","/abs/dist/server.js","--stdio"] (required)
--   LSP_ROOT          workspace folder (default: the file's folder)
--   LSP_LINE, LSP_COL 0-based position for textDocument/hover (hover is skipped without LSP_LINE)
--   LSP_EXPECT        hover is asked again until its text contains this (indexing may lag)
--   LSP_CODELENS      "0" skips textDocument/codeLens (default: asked)
--   LSP_SETTINGS      JSON, answered to workspace/configuration and sent as didChangeConfiguration
--   LSP_INIT_OPTIONS  JSON, initializationOptions
--   LSP_TIMEOUT_MS    deadline of each step: initialize, hover (with retries), code lens (default 15000)
-- Output: one JSON line per event on stdout, {"kind": K, "value": V}, K one of
--   initialized (server name), hover (text), codeLens (list of titles), error (message), exit (code).
-- Exit code: 0 done, 2 bad input, 3 the server exited or could not start, 4 initialize timed out,
--   5 a request failed or timed out, 6 LSP_EXPECT never appeared in the hover.
local function out(kind, value)
  io.stdout:write(vim.fn.json_encode({ kind = kind, value = value }) .. '\n')
  io.stdout:flush()
end

local function quit(code)
  vim.cmd('cquit ' .. code) -- Neovim 0.7 takes the exit code as :cquit's argument
end

local function json_env(name)
  local raw = os.getenv(name)
  if raw == nil or raw == '' then return nil end
  local ok, value = pcall(vim.fn.json_decode, raw)
  if not ok then out('error', name .. ' is not JSON: ' .. raw); quit(2) end
  return value
end

local cmd = json_env('LSP_CMD')
if type(cmd) ~= 'table' or #cmd == 0 then out('error', 'LSP_CMD must be a JSON array of strings'); quit(2) end
local bufnr = vim.api.nvim_get_current_buf()
local file = vim.api.nvim_buf_get_name(bufnr)
if file == '' then out('error', 'no file given on the command line'); quit(2) end
local root = os.getenv('LSP_ROOT') or vim.fn.fnamemodify(file, ':p:h')
local timeout = tonumber(os.getenv('LSP_TIMEOUT_MS') or '') or 15000
local line = tonumber(os.getenv('LSP_LINE') or '')
local col = tonumber(os.getenv('LSP_COL') or '') or 0
local expect = os.getenv('LSP_EXPECT')

local exited = nil
local server_name = nil
local settings = json_env('LSP_SETTINGS')
local client_id = vim.lsp.start_client({
  name = 'under-test',
  cmd = cmd,
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
  settings = settings or vim.empty_dict(),
  init_options = json_env('LSP_INIT_OPTIONS'),
  on_init = function(c, result)
    server_name = result.serverInfo and result.serverInfo.name or c.name
    -- Neovim 0.7 sends no settings by itself (its docs: do it in on_init).
    if settings then c.notify('workspace/didChangeConfiguration', { settings = settings }) end
  end,
  on_exit = function(code, signal) exited = { code = code, signal = signal } end,
})
if not client_id then out('error', 'vim.lsp.start_client failed for ' .. table.concat(cmd, ' ')); quit(3) end
vim.lsp.buf_attach_client(bufnr, client_id)

local function server_exited()
  out('error', string.format('server exited (code %s, signal %s)', tostring(exited.code), tostring(exited.signal)))
  out('exit', exited.code)
  quit(3)
end

-- 1. initialize: wait for the answer, or for the server to die.
vim.wait(timeout, function()
  local c = vim.lsp.get_client_by_id(client_id)
  return exited ~= nil or (c ~= nil and c.initialized == true)
end, 20)
if exited then server_exited() end
local client = vim.lsp.get_client_by_id(client_id)
if not (client and client.initialized) then
  out('error', 'initialize timed out after ' .. timeout .. ' ms')
  vim.lsp.stop_client(client_id, true)
  quit(4)
end
out('initialized', server_name or client.name)

-- One request; returns the result, or nil and prints why.
local failed = false
local function request(method, params, ms)
  if not client.supports_method(method) then
    out('error', method .. ': not in the server\'s capabilities'); failed = true; return nil
  end
  local results, err = vim.lsp.buf_request_sync(bufnr, method, params, ms)
  if exited then server_exited() end
  if err then out('error', method .. ': ' .. tostring(err)); failed = true; return nil end
  local r = (results or {})[client_id]
  if r == nil then out('error', method .. ': no answer'); failed = true; return nil end
  if r.error then out('error', method .. ': ' .. vim.fn.json_encode(r.error)); failed = true; return nil end
  return r.result
end

-- Hover contents come as MarkupContent, a MarkedString, or a list of MarkedStrings: flatten to text.
local function hover_text(result)
  if result == nil or result == vim.NIL or result.contents == nil then return '' end
  local c = result.contents
  if type(c) == 'string' then return c end
  if c.value ~= nil then return c.value end
  local parts = {}
  for _, part in ipairs(c) do table.insert(parts, type(part) == 'string' and part or (part.value or '')) end
  return table.concat(parts, '\n')
end

local text_document = { uri = vim.uri_from_bufnr(bufnr) }

-- 2. hover, asked again (until the deadline) while LSP_EXPECT is not in it.
local missing_expect = false
if line then
  local params = { textDocument = text_document, position = { line = line, character = col } }
  local deadline = vim.loop.now() + timeout
  local text = ''
  repeat
    local left = deadline - vim.loop.now()
    if left <= 0 then break end
    local result = request('textDocument/hover', params, left)
    if result == nil and failed then break end
    text = hover_text(result)
    if expect == nil or text:find(expect, 1, true) then break end
    vim.wait(100, function() return exited ~= nil end, 20) -- give the server time between asks
    if exited then server_exited() end
  until false
  out('hover', text)
  missing_expect = expect ~= nil and text:find(expect, 1, true) == nil
end

-- 3. code lens titles (unresolved lenses have no command: their title is '').
if os.getenv('LSP_CODELENS') ~= '0' then
  local lenses = request('textDocument/codeLens', { textDocument = text_document }, timeout)
  if lenses ~= nil then
    local titles = {}
    for _, l in ipairs(lenses == vim.NIL and {} or lenses) do
      table.insert(titles, l.command and l.command.title or '')
    end
    out('codeLens', titles)
  end
end

vim.lsp.stop_client(client_id)
if failed then quit(5) end
if missing_expect then out('error', 'the hover never contained ' .. expect); quit(6) end
vim.cmd('qall!')
