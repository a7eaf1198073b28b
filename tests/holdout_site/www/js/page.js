function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var _nCurrIndex = _nCurrIndex || 0;
  if(_nCurrIndex == 0) document.write("<span>首页</span> ");
  else document.write("<a href=\""+_sPageName+"."+_sPageExt+"\">首页</a> ");
  if(_nCurrIndex > 0){
    var prev = (_nCurrIndex == 1) ? _sPageName+"."+_sPageExt : _sPageName+"_"+(_nCurrIndex-1)+"."+_sPageExt;
    document.write("<a href=\""+prev+"\">上一页</a> ");
  }
  if(_nCurrIndex + 1 < _nPageCount){
    document.write("<a href=\""+_sPageName+"_"+(_nCurrIndex+1)+"."+_sPageExt+"\">下一页</a> ");
    document.write("<a href=\""+_sPageName+"_"+(_nPageCount-1)+"."+_sPageExt+"\">尾页</a>");
  }
}
