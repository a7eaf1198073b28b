function doZoom(s){document.getElementById('zoom').style.fontSize=s+'px';}
